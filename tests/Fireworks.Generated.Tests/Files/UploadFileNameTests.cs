using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Tests.Files;

/// <summary>
/// An uploaded file is known to the server by a '/'-separated relative name; a local name that would read as another
/// path there (a '\' that is a plain character on Unix but a separator on Windows and to the server, or a '.'/'..'
/// segment) is refused before any request, naming the file.
/// </summary>
public sealed class UploadFileNameTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("fireworks-upload-name-test-");

    public void Dispose() => work.Delete(recursive: true);

    [Fact]
    public async Task A_model_directory_with_a_file_whose_name_holds_backslashes_is_refused_naming_it_before_any_request()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows file names cannot hold a '\'.
        }

        var model = work.CreateSubdirectory("model");
        File.WriteAllText(Path.Combine(model.FullName, "config.json"), "{}");
        File.WriteAllText(Path.Combine(model.FullName, "..\\..\\evil"), "x"); // one file; on Unix '\' is part of its name
        var handler = new FakeHttpHandler();
        using var client = TestClients.Create(handler);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.Models.UploadAsync("m", model.FullName));

        Assert.Equal("directory", error.ParamName);
        Assert.Contains("'..\\..\\evil'", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_dataset_file_whose_name_holds_backslashes_is_refused_naming_it_before_any_request()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows file names cannot hold a '\'.
        }

        var file = Path.Combine(work.FullName, "..\\train.jsonl");
        File.WriteAllText(file, "{}\n");
        var handler = new FakeHttpHandler();
        using var client = TestClients.Create(handler);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.Datasets.UploadAsync("ds", file));

        Assert.Equal("filePaths", error.ParamName);
        Assert.Contains("'..\\train.jsonl'", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void Files_in_subdirectories_are_named_by_their_slash_separated_relative_path()
    {
        var model = work.CreateSubdirectory("model");
        Directory.CreateDirectory(Path.Combine(model.FullName, "tokenizer", "extra"));
        File.WriteAllText(Path.Combine(model.FullName, "config.json"), "{}");
        File.WriteAllText(Path.Combine(model.FullName, "tokenizer", "extra", "vocab.txt"), "a");

        var files = LocalFiles.FromDirectory(model.FullName, "directory");

        Assert.Equal(["config.json", "tokenizer/extra/vocab.txt"], files.Select(f => f.Name));
    }

    [Theory]
    [InlineData("a/../b")]
    [InlineData("./a")]
    [InlineData("a//b")]
    [InlineData("a\\b")]
    public void A_name_that_would_read_as_another_path_is_refused_naming_the_file(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => LocalFiles.EnsurePortable(name, "/local/file", "directory"));

        Assert.Equal("directory", error.ParamName);
        Assert.Contains("'/local/file'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }
}
