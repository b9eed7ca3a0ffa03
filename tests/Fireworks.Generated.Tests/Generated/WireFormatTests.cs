using System.Text.Json;
using System.Text.Json.Nodes;
using Fireworks.Models;
using Fireworks.Serialization;
using Xunit;

namespace Fireworks.Generated.Tests.Generated;

/// <summary>proto3 JSON rules of the generated models: tolerant enums, int64 strings, timestamps, unknown fields.</summary>
public sealed class WireFormatTests
{
    [Fact]
    public void An_unknown_enum_value_reads_as_Unrecognized_and_never_throws()
    {
        var job = JsonSerializer.Deserialize("""{"state":"JOB_STATE_ARCHIVED","displayName":"x"}""", FireworksJsonContext.Default.RlorTrainerJob)!;
        Assert.Equal(JobState.Unrecognized, job.State);
        Assert.Equal("x", job.DisplayName);
        Assert.Equal("""{"displayName":"x","state":null}""", JsonSerializer.Serialize(job, FireworksJsonContext.Default.RlorTrainerJob));
    }

    [Theory]
    [InlineData("\"JOB_STATE_RUNNING\"", JobState.Running)]
    [InlineData("2", JobState.Running)]          // proto3 JSON also allows the enum number
    [InlineData("99", JobState.Unrecognized)]
    public void Enums_read_wire_strings_and_numbers(string json, JobState expected)
    {
        Assert.Equal(expected, JsonSerializer.Deserialize(json, FireworksJsonContext.Default.JobState));
    }

    [Fact]
    public void Enums_write_exact_wire_strings()
    {
        Assert.Equal("\"JOB_STATE_RUNNING\"", JsonSerializer.Serialize(JobState.Running, FireworksJsonContext.Default.JobState));
        Assert.Equal("NVIDIA_H100_80GB", Accelerator.NvidiaH10080Gb.ToWireString());
        Assert.Equal(Code.NotFound, CodeExtensions.ParseCode("NOT_FOUND"));
        Assert.Throws<ArgumentOutOfRangeException>(() => JobState.Unrecognized.ToWireString());
    }

    [Fact]
    public void Int64_fields_are_long_and_travel_as_strings_without_losing_precision()
    {
        var dataset = JsonSerializer.Deserialize("""{"exampleCount":"9007199254740993"}""", FireworksJsonContext.Default.Dataset)!;
        long? count = dataset.ExampleCount; // the spec's "type: string, format: int64" is a long
        Assert.Equal(9007199254740993L, count);
        Assert.Equal("""{"exampleCount":"9007199254740993"}""", JsonSerializer.Serialize(dataset, FireworksJsonContext.Default.Dataset));
        Assert.Equal(12, JsonSerializer.Deserialize("""{"exampleCount":12}""", FireworksJsonContext.Default.Dataset)!.ExampleCount);
    }

    [Fact]
    public void Int32_fields_stay_numbers()
    {
        var json = JsonSerializer.Serialize(new JobProgress { Percent = 40, Epoch = 2 }, FireworksJsonContext.Default.JobProgress);
        Assert.Equal("""{"percent":40,"epoch":2}""", json);
    }

    [Theory]
    [InlineData("2024-01-02T03:04:05Z", "2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T03:04:05.123456789Z", "2024-01-02T03:04:05.1234567Z")] // proto3 nanoseconds, truncated to ticks
    [InlineData("2024-01-02T05:04:05+02:00", "2024-01-02T03:04:05Z")]
    public void Timestamps_read_rfc3339_and_write_utc(string wire, string written)
    {
        var job = JsonSerializer.Deserialize($$"""{"createTime":"{{wire}}"}""", FireworksJsonContext.Default.RlorTrainerJob)!;
        Assert.Equal($$"""{"createTime":"{{written}}"}""", JsonSerializer.Serialize(job, FireworksJsonContext.Default.RlorTrainerJob));
    }

    [Fact]
    public void Unknown_properties_are_kept_and_written_back()
    {
        const string json = """{"displayName":"x","futureField":{"a":[1,2]},"another":"y"}""";
        var job = JsonSerializer.Deserialize(json, FireworksJsonContext.Default.RlorTrainerJob)!;
        Assert.Equal(2, job.AdditionalProperties!.Count);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(JsonSerializer.Serialize(job, FireworksJsonContext.Default.RlorTrainerJob))));
    }

    [Fact]
    public void ProtobufAny_keeps_type_and_payload()
    {
        const string json = """{"@type":"type.googleapis.com/gateway.Model","name":"accounts/a/models/m","state":"READY"}""";
        var any = JsonSerializer.Deserialize(json, FireworksJsonContext.Default.ProtobufAny)!;
        Assert.Equal("type.googleapis.com/gateway.Model", any.Type);
        Assert.Equal("accounts/a/models/m", any.AdditionalProperties!["name"].GetString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(JsonSerializer.Serialize(any, FireworksJsonContext.Default.ProtobufAny))));
    }

    [Fact]
    public void Update_mask_names_the_set_fields_in_snake_case_and_skips_output_only_ones()
    {
        var update = new UpdateDeploymentRequest { BaseModel = "accounts/fireworks/models/x", MinReplicaCount = 2, DisplayName = "d", CreateTime = DateTimeOffset.UnixEpoch };
        Assert.Equal(new[] { "display_name", "base_model", "min_replica_count" }.OrderBy(x => x), update.GetUpdateMaskPaths().OrderBy(x => x));
    }

    [Fact]
    public void An_empty_update_mask_is_refused_before_anything_is_sent()
    {
        var ex = Assert.Throws<ArgumentException>(() => JsonWire.UpdateMask(Array.Empty<string>(), "body"));
        Assert.Contains("replace every field", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, Code.NotFound)]
    [InlineData(8, Code.ResourceExhausted)]
    [InlineData(16, Code.Unauthenticated)]   // not its position in the spec's list: the overlay gives proto numbers
    [InlineData(99, Code.Unrecognized)]
    public void Code_values_are_the_google_rpc_numbers(int number, Code expected)
    {
        Assert.Equal(expected, JsonSerializer.Deserialize(number.ToString(System.Globalization.CultureInfo.InvariantCulture), FireworksJsonContext.Default.Code));
        var exception = new FireworksException("Gateway_X", number, 400, "server said no");
        Assert.Equal(expected, exception.Code);
    }
}
