using System.Formats.Tar;
using System.IO.Compression;
using Xunit;

namespace Fireworks.Tests.Files;

/// <summary>The evaluator source archive leaves out what git would: every .gitignore, nested ones included, read as git reads them.</summary>
public sealed class SourceArchiveTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("fireworks-archive-test-");

    public void Dispose() => work.Delete(recursive: true);

    [Fact]
    public async Task Nested_gitignore_files_apply_relative_to_their_directory_with_negation_and_directory_only_patterns()
    {
        Write(".gitignore", "*.log\nbuild/\n!keep.log\n!.git/\n");
        Write("main.py", "root");
        Write("keep.log", "re-included at the root");
        Write("debug.log", "ignored by the root");
        Write("build/out.bin", "ignored directory");
        Write("x.tmp", "the nested *.tmp does not apply here");
        Write("local.txt", "the nested /local.txt is anchored to sub/");
        Write(".git/config", "never packed");
        Write("sub/.gitignore", "*.tmp\n/local.txt\n!important.log\ncache/\n");
        Write("sub/important.log", "re-included by the deeper file");
        Write("sub/other.log", "still ignored by the root's *.log");
        Write("sub/local.txt", "anchored match");
        Write("sub/deeper/local.txt", "not matched by the anchored pattern");
        Write("sub/deeper/y.tmp", "matched by sub's *.tmp below sub");
        Write("sub/cache/blob", "directory-only pattern, a directory");
        Write("sub/other/cache", "directory-only pattern, a file: kept");
        Write("sub/deeper/.gitignore", "!y.tmp\n");

        var packed = await PackAsync();

        Assert.Equal(
            [
                ".gitignore", "keep.log", "local.txt", "main.py", "sub/.gitignore", "sub/deeper/.gitignore",
                "sub/deeper/local.txt", "sub/deeper/y.tmp", "sub/important.log", "sub/other/cache", "x.tmp",
            ],
            packed);
    }

    [Fact]
    public async Task A_file_under_an_ignored_directory_cannot_be_re_included_as_in_git()
    {
        Write(".gitignore", "vendor/\n");
        Write("vendor/.gitignore", "!*\n");
        Write("vendor/lib.py", "x");
        Write("app.py", "x");

        Assert.Equal([".gitignore", "app.py"], await PackAsync());
    }

    [Fact]
    public async Task A_file_whose_name_holds_a_backslash_is_refused_naming_it_before_anything_is_written()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows file names cannot hold a '\'.
        }

        Write("main.py", "print(1)");
        Write("..\\..\\evil.sh", "rm -rf ~"); // one file; on Unix '\' is part of its name
        var archive = Path.Combine(Path.GetTempPath(), $"fireworks-archive-{Guid.NewGuid():N}.tar.gz");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => SourceArchive.CreateAsync(work.FullName, archive, CancellationToken.None));

        Assert.Equal("sourceDirectory", error.ParamName);
        Assert.Contains("'..\\..\\evil.sh'", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(archive));
    }

    [Fact]
    public async Task A_file_with_a_backslash_in_its_name_that_gitignore_ignores_is_left_out_like_any_ignored_file()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows file names cannot hold a '\'.
        }

        Write(".gitignore", "*.sh\n");
        Write("main.py", "print(1)");
        Write("..\\..\\evil.sh", "rm -rf ~");

        Assert.Equal([".gitignore", "main.py"], await PackAsync());
    }

    [Fact]
    public async Task Files_in_subdirectories_are_packed_under_slash_separated_names()
    {
        Write("pkg/sub/mod.py", "x");
        Write("main.py", "x");

        Assert.Equal(["main.py", "pkg/sub/mod.py"], await PackAsync());
    }

    private async Task<List<string>> PackAsync()
    {
        var archive = Path.Combine(Path.GetTempPath(), $"fireworks-archive-{Guid.NewGuid():N}.tar.gz");
        try
        {
            var returned = await SourceArchive.CreateAsync(work.FullName, archive, CancellationToken.None);
            await using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            var names = new List<string>();
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                names.Add(entry.Name);
            }

            Assert.Equal(returned, names);
            return names.Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            File.Delete(archive);
        }
    }

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(work.FullName, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
