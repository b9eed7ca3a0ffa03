using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Fireworks.Models;
using Xunit;

namespace Fireworks.Emulator.Tests;

/// <summary>The repros of issue 11 (finding 5, bad input): each is refused with a google.rpc error naming the problem, never a 500.</summary>
public sealed class BadInputTests : EmulatorTest
{
    private const string Datasets = "/v1/accounts/emulator/datasets";

    private HttpClient Raw()
    {
        var http = new HttpClient { BaseAddress = Emulator.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.ApiKey);
        return http;
    }

    private static async Task<(HttpStatusCode Status, int Code, string Message)> ErrorOf(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("code").GetInt32(), body.RootElement.GetProperty("message").GetString()!);
    }

    private async Task<(HttpStatusCode Status, int Code, string Message)> PostAsync(string path, string json)
    {
        using var http = Raw();
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
        return response.IsSuccessStatusCode ? (response.StatusCode, 0, string.Empty) : await ErrorOf(response);
    }

    [Fact]
    public async Task A_50_MB_body_is_413_invalid_argument_before_it_is_read()
    {
        using var http = Raw();
        var body = new byte[50 * 1024 * 1024];
        using var response = await http.PostAsync(new Uri(Datasets, UriKind.Relative), new ByteArrayContent(body));
        var (status, code, message) = await ErrorOf(response);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(3, code);
        Assert.Contains("52428800 bytes; the limit is 4194304 bytes", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_body_over_the_limit_is_413_not_kestrels_500()
    {
        using var http = Raw();
        // No Content-Length: Kestrel counts while reading and throws its own "Request body too large".
        var content = new StreamContent(new MemoryStream(new byte[5 * 1024 * 1024]));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Datasets, UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await http.SendAsync(request);
        var (status, code, message) = await ErrorOf(response);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(3, code);
        Assert.Contains("the limit is 4194304 bytes", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_10_MB_display_name_is_refused_and_so_is_one_over_the_documented_63_characters()
    {
        var huge = await ThrowsFireworksAsync(() => Client.Datasets.CreateAsync(new CreateDatasetBody
        {
            DatasetId = "huge",
            Dataset = new Dataset { DisplayName = new string('x', 10 * 1024 * 1024) },
        }));
        Assert.Equal(413, huge.HttpStatus);
        Assert.True(huge.IsInvalidArgument);

        var long64 = await ThrowsFireworksAsync(() => Client.Datasets.CreateAsync(new CreateDatasetBody
        {
            DatasetId = "long",
            Dataset = new Dataset { DisplayName = new string('x', 64) },
        }));
        Assert.True(long64.IsInvalidArgument);
        Assert.Contains("$.dataset.displayName is 64 characters long; the limit is 63", long64.ServerMessage, StringComparison.Ordinal);

        var ok = await Client.Datasets.CreateAsync(new CreateDatasetBody { DatasetId = "fits", Dataset = new Dataset { DisplayName = new string('x', 63) } });
        Assert.Equal(63, ok.DisplayName!.Length);
        var renamed = await ThrowsFireworksAsync(() => Client.Datasets.UpdateAsync("fits", new UpdateDatasetRequest { DisplayName = new string('y', 100) }));
        Assert.True(renamed.IsInvalidArgument);
    }

    [Fact]
    public async Task A_million_element_unknown_field_is_refused_and_nothing_is_stored()
    {
        var million = "{\"datasetId\":\"big\",\"dataset\":{\"junk\":[" + string.Join(',', Enumerable.Repeat("0", 1_000_000)) + "]}}";
        var (status, code, message) = await PostAsync(Datasets, million);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, code);
        Assert.Contains("$.dataset.junk has more than 10000 elements", message, StringComparison.Ordinal);

        var small = await PostAsync(Datasets, "{\"datasetId\":\"big\",\"dataset\":{\"junk\":[1,2,3]}}");
        Assert.Equal(HttpStatusCode.BadRequest, small.Status);
        Assert.Contains("Unknown field 'junk' in $.dataset (Dataset)", small.Message, StringComparison.Ordinal);
        var wrapper = await PostAsync(Datasets, "{\"datasetId\":\"big\",\"dataset\":{},\"extra\":1}");
        Assert.Contains("Unknown field 'extra' in CreateDatasetBody", wrapper.Message, StringComparison.Ordinal);

        Assert.Equal(0, (await Client.Datasets.ListPageAsync()).TotalSize);
    }

    [Fact]
    public async Task Duplicate_json_keys_are_invalid_argument_instead_of_the_last_one_winning()
    {
        var (status, code, message) = await PostAsync(Datasets, "{\"datasetId\":\"a\",\"datasetId\":\"b\",\"dataset\":{}}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, code);
        Assert.Contains("duplicate field \"datasetId\" at $", message, StringComparison.Ordinal);

        var nested = await PostAsync(Datasets, "{\"dataset\":{\"displayName\":\"x\",\"displayName\":\"y\"}}");
        Assert.Contains("duplicate field \"displayName\" at $.dataset", nested.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await Client.Datasets.ListPageAsync()).TotalSize);
    }

    [Theory]
    [InlineData("state = NOPE", "'NOPE' is not a value of enum DatasetState")]
    [InlineData("example_count = \"abc\"", "example_count")]
    [InlineData("example_count > abc", "example_count")]
    [InlineData("display_name.x = 1", "display_name")]
    public async Task Filters_are_checked_against_field_types_and_enum_values(string filter, string expected)
    {
        var error = await ThrowsFireworksAsync(() => Client.Datasets.ListPageAsync(filter: filter));
        Assert.True(error.IsInvalidArgument);
        Assert.StartsWith("Invalid filter at 1:", error.ServerMessage, StringComparison.Ordinal);
        Assert.Contains(expected, error.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Masks_name_real_fields_to_their_leaves()
    {
        await Client.Datasets.CreateAsync(new CreateDatasetBody { DatasetId = "d", Dataset = new Dataset { DisplayName = "x" } });
        var deep = await ThrowsFireworksAsync(() => Client.Datasets.UpdateAsync("d", new UpdateDatasetRequest { DisplayName = "y" }, updateMask: "display_name.x"));
        Assert.True(deep.IsInvalidArgument);
        Assert.Contains("Invalid update_mask at 1:1 (offset 0): path 'display_name.x'", deep.ServerMessage, StringComparison.Ordinal);
        var read = await ThrowsFireworksAsync(() => Client.Datasets.GetAsync("d", readMask: "state.value"));
        Assert.Contains("Invalid read_mask", read.ServerMessage, StringComparison.Ordinal);
        var nestedOk = await Client.Datasets.GetAsync("d", readMask: "status.code,display_name");
        Assert.Equal("x", nestedOk.DisplayName);
    }

    [Fact]
    public async Task Page_size_is_clamped_to_the_documented_200_and_a_negative_one_is_refused()
    {
        for (var i = 0; i < 205; i++)
        {
            await Client.Datasets.CreateAsync(new CreateDatasetBody { DatasetId = $"d{i}", Dataset = new Dataset() });
        }

        var page = await Client.Datasets.ListPageAsync(pageSize: 201);
        Assert.Equal(200, page.Datasets!.Count);
        Assert.NotNull(page.NextPageToken);
        Assert.Equal(205, page.TotalSize);
        var rest = await Client.Datasets.ListPageAsync(pageSize: 201, pageToken: page.NextPageToken);
        Assert.Equal(5, rest.Datasets!.Count);
        Assert.Null(rest.NextPageToken);
        var negative = await ThrowsFireworksAsync(() => Client.Datasets.ListPageAsync(pageSize: -1));
        Assert.Contains("page_size must not be negative", negative.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_enum_name_is_refused_in_any_field_and_valid_output_only_values_are_ignored()
    {
        var state = await PostAsync(Datasets, "{\"datasetId\":\"s\",\"dataset\":{\"state\":\"NOPE\"}}");
        Assert.Equal(HttpStatusCode.BadRequest, state.Status);
        Assert.Contains("Invalid value for enum field $.dataset.state: \"NOPE\" is not a value of DatasetState", state.Message, StringComparison.Ordinal);
        var format = await PostAsync(Datasets, "{\"datasetId\":\"s\",\"dataset\":{\"format\":\"NOPE\"}}");
        Assert.Contains("$.dataset.format", format.Message, StringComparison.Ordinal);

        // A valid name in an output-only field is ignored, as AIP-203 asks: the server owns the state.
        var created = await Client.Datasets.CreateAsync(new CreateDatasetBody { DatasetId = "s", Dataset = new Dataset { State = DatasetState.Ready } });
        Assert.Equal(DatasetState.Uploading, created.State);

        using var http = Raw();
        using var patch = await http.PatchAsync(new Uri(Datasets + "/s?updateMask=format", UriKind.Relative), new StringContent("{\"format\":\"NOPE\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
    }

    [Fact]
    public async Task An_id_that_disagrees_with_the_body_name_is_refused_instead_of_one_silently_winning()
    {
        var conflict = await PostAsync(
            "/v1/accounts/emulator/deployments?deploymentId=a",
            "{\"name\":\"accounts/emulator/deployments/b\",\"baseModel\":\"accounts/fireworks/models/qwen3-8b\"}");
        Assert.Equal(HttpStatusCode.BadRequest, conflict.Status);
        Assert.Contains("id \"a\" and the body's name \"accounts/emulator/deployments/b\" disagree", conflict.Message, StringComparison.Ordinal);
        var datasetConflict = await PostAsync(Datasets, "{\"datasetId\":\"a\",\"dataset\":{\"name\":\"accounts/emulator/datasets/b\"}}");
        Assert.Equal(HttpStatusCode.BadRequest, datasetConflict.Status);

        // A query parameter the operation does not declare is refused too (the dataset id travels in the body).
        var undeclared = await PostAsync(Datasets + "?datasetId=a", "{\"datasetId\":\"b\",\"dataset\":{}}");
        Assert.Equal(HttpStatusCode.BadRequest, undeclared.Status);
        Assert.Contains("Gateway_CreateDataset has no query parameter 'datasetId'", undeclared.Message, StringComparison.Ordinal);

        var agreeing = await PostAsync(
            "/v1/accounts/emulator/deployments?deploymentId=a",
            "{\"name\":\"accounts/emulator/deployments/a\",\"baseModel\":\"accounts/fireworks/models/qwen3-8b\"}");
        Assert.Equal(HttpStatusCode.OK, agreeing.Status);
        using var http = Raw();
        using var byName = await http.PostAsync(new Uri(Datasets, UriKind.Relative), new StringContent("{\"dataset\":{\"name\":\"accounts/emulator/datasets/named\"}}"));
        Assert.Equal(HttpStatusCode.OK, byName.StatusCode);
        Assert.Equal("accounts/emulator/datasets/named", (await Client.Datasets.GetAsync("named")).Name);

        using var patch = await http.PatchAsync(
            new Uri(Datasets + "/named", UriKind.Relative), new StringContent("{\"name\":\"accounts/emulator/datasets/other\",\"displayName\":\"x\"}"));
        var (status, _, message) = await ErrorOf(patch);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("the URL names \"accounts/emulator/datasets/named\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_query_parameter_is_refused()
    {
        using var http = Raw();
        using var response = await http.GetAsync(new Uri(Datasets + "?pageTokn=x", UriKind.Relative));
        var (status, code, message) = await ErrorOf(response);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, code);
        Assert.Contains("no query parameter 'pageTokn'", message, StringComparison.Ordinal);
    }
}
