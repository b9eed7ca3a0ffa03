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
    public void An_unknown_enum_value_is_kept_and_written_back_unchanged()
    {
        const string json = """{"displayName":"x","state":"JOB_STATE_ARCHIVED"}""";
        var job = JsonSerializer.Deserialize(json, FireworksJsonContext.Default.RlorTrainerJob)!;
        Assert.Equal("JOB_STATE_ARCHIVED", job.State.ToString());
        Assert.False(job.State!.Value.IsKnown);
        Assert.Equal(new JobState("JOB_STATE_ARCHIVED"), job.State);
        Assert.Equal("x", job.DisplayName);
        Assert.Equal(json, JsonSerializer.Serialize(job, FireworksJsonContext.Default.RlorTrainerJob));
    }

    [Fact]
    public void Json_null_on_a_value_typed_property_reads_as_absent_not_as_its_zero_value()
    {
        // int32, bool, enum, int64 map and timestamp: a null must not become 0, false, the first enum value or MinValue.
        const string json = """{"nodeCount":null,"keepAlive":null,"state":null,"purpose":null,"createTime":null,"displayName":null}""";
        var job = JsonSerializer.Deserialize(json, FireworksJsonContext.Default.RlorTrainerJob)!;
        Assert.Null(job.NodeCount);
        Assert.Null(job.KeepAlive);
        Assert.Null(job.State);
        Assert.Null(job.Purpose);
        Assert.Null(job.CreateTime);
        Assert.Null(job.DisplayName);
        Assert.Null(job.AdditionalProperties);
        // Absent and null are the same in proto3 JSON; the SDK omits both when it writes.
        Assert.Equal("{}", JsonSerializer.Serialize(job, FireworksJsonContext.Default.RlorTrainerJob));
    }

    [Fact]
    public void Escaped_property_names_and_enum_values_are_read_as_their_unescaped_text()
    {
        // The readers switch on a name's UTF-8 length; an escaped name is longer on the wire than its text.
        const string json = """{"n\u0061me":"accounts/a/rlorTrainerJobs/j","st\u0061te":"JOB_STATE_\u0052UNNING","displ\u0061yName":"x","nam":1,"names":2}""";
        var job = JsonSerializer.Deserialize(json, FireworksJsonContext.Default.RlorTrainerJob)!;
        Assert.Equal("accounts/a/rlorTrainerJobs/j", job.Name);
        Assert.Equal(JobState.Running, job.State);
        Assert.True(job.State!.Value.IsKnown);
        Assert.Equal("x", job.DisplayName);
        // Names of a known length that are not a property, and of no property's length, stay unknown properties.
        Assert.Equal(["nam", "names"], job.AdditionalProperties!.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("\"JOB_STATE_RUNNING\"", "JOB_STATE_RUNNING", true)]
    [InlineData("\"job_state_running\"", "job_state_running", false)]   // identity is the exact (ordinal) wire string
    [InlineData("\"\"", "", false)]
    [InlineData("2", "2", false)]     // a number: JobState has no proto numbers in the overlay, so it stays the number
    [InlineData("99", "99", false)]
    public void Enums_read_any_wire_string_or_number_and_write_it_back_byte_identically(string json, string wire, bool known)
    {
        var value = JsonSerializer.Deserialize(json, FireworksJsonContext.Default.JobState);
        Assert.Equal(wire, value.ToString());
        Assert.Equal(known, value.IsKnown);
        Assert.Equal(json, JsonSerializer.Serialize(value, FireworksJsonContext.Default.JobState));
    }

    [Fact]
    public void Enums_compare_by_wire_string_and_convert_from_strings()
    {
        JobState fromString = "JOB_STATE_RUNNING";
        Assert.Equal(JobState.Running, fromString);
        Assert.True(fromString == JobState.Running);
        Assert.False(fromString != JobState.Running);
        Assert.Equal(JobState.Running.GetHashCode(), fromString.GetHashCode());
        Assert.Equal("JOB_STATE_RUNNING", JobState.WireValues.Running);
        Assert.Equal("NVIDIA_H100_80GB", Accelerator.NvidiaH100_80Gb.ToString());
        Assert.Equal("AMD_MI300X_192GB", Accelerator.AmdMi300X_192Gb.ToString());
        Assert.Contains(JobState.Running, JobState.KnownValues);
        Assert.Throws<ArgumentNullException>(() => new JobState(null!));
        JobState? none = (string?)null;
        Assert.Null(none);
    }

    [Fact]
    public void Switching_on_the_wire_constants_handles_known_and_unknown_values()
    {
        static string Describe(JobState? state) => state?.ToString() switch
        {
            JobState.WireValues.Running => "running",
            JobState.WireValues.Completed => "done",
            null => "no state",
            var other => "unknown: " + other,
        };

        Assert.Equal("running", Describe(JobState.Running));
        Assert.Equal("unknown: JOB_STATE_ARCHIVED", Describe(new JobState("JOB_STATE_ARCHIVED")));
        Assert.Equal("no state", Describe(null));
    }

    [Fact]
    public void Default_is_the_first_value_of_the_spec_like_proto3s_zero_value()
    {
        Assert.Equal(JobState.Unspecified, default(JobState));
        Assert.Equal("JOB_STATE_UNSPECIFIED", default(JobState).ToString());
        Assert.Equal(JobState.Unspecified.GetHashCode(), default(JobState).GetHashCode());
        Assert.Equal("\"OK\"", JsonSerializer.Serialize(default(Code), FireworksJsonContext.Default.Code));
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
    [InlineData("2024-01-02T03:04:05Z", 0L, 0)]
    [InlineData("2024-01-02T03:04:05.123456789Z", 1_234_567L, 0)] // proto3 nanoseconds: the value holds 100 ns ticks, the text is kept
    [InlineData("2024-01-02T05:04:05+02:00", 0L, 2)]
    public void Timestamps_read_rfc3339_and_write_back_the_text_read(string wire, long ticks, int offsetHours)
    {
        var job = JsonSerializer.Deserialize($$"""{"createTime":"{{wire}}"}""", FireworksJsonContext.Default.RlorTrainerJob)!;
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(ticks), job.CreateTime);
        Assert.Equal(TimeSpan.FromHours(offsetHours), job.CreateTime!.Value.Offset);
        Assert.Equal($$"""{"createTime":"{{wire}}"}""", JsonSerializer.Serialize(job, FireworksJsonContext.Default.RlorTrainerJob));
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
    [InlineData(5, "NOT_FOUND")]
    [InlineData(8, "RESOURCE_EXHAUSTED")]
    [InlineData(16, "UNAUTHENTICATED")]   // not its position in the spec's list: the overlay gives proto numbers
    public void Code_numbers_are_the_google_rpc_numbers_and_round_trip_as_numbers(int number, string name)
    {
        var text = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var code = JsonSerializer.Deserialize(text, FireworksJsonContext.Default.Code);
        Assert.Equal(new Code(name), code);
        Assert.True(code.IsKnown);
        Assert.Equal(number, code.Number);
        Assert.Equal(text, JsonSerializer.Serialize(code, FireworksJsonContext.Default.Code));            // a number stays a number
        Assert.Equal($"\"{name}\"", JsonSerializer.Serialize(new Code(name), FireworksJsonContext.Default.Code)); // a name stays a name
        Assert.Equal(new Code(name), new FireworksException("Gateway_X", number, 400, "server said no").Code);
        Assert.Equal(new Code(name), Code.FromNumber(number));
    }

    [Theory]
    [InlineData("99")]
    [InlineData("-1")]
    [InlineData("5.0")]     // not the canonical spelling of 5: kept as it was sent
    public void An_unknown_code_number_is_kept_as_it_was_sent(string text)
    {
        var code = JsonSerializer.Deserialize(text, FireworksJsonContext.Default.Code);
        Assert.False(code.IsKnown);
        Assert.Null(code.Number);
        Assert.Equal(text, code.ToString());
        Assert.Equal(text, JsonSerializer.Serialize(code, FireworksJsonContext.Default.Code));
    }

    [Fact]
    public void An_unknown_code_number_in_an_exception_keeps_the_number()
    {
        var code = new FireworksException("Gateway_X", 99, 400, "server said no").Code;
        Assert.False(code.IsKnown);
        Assert.Equal("99", code.ToString());
    }
}
