using System.Text.Json;
using Fireworks.Models;
using Fireworks.Serialization;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Generated.Tests.Generated;

/// <summary>
/// Timestamps (<c>format: date-time</c>) on the wire: a text read from the server is written back unchanged, and a value
/// set in code is written in proto3's form (UTC, <c>Z</c>, 0, 3, 6 or 9 fractional digits, the fewest that are exact).
/// </summary>
public sealed class TimestampWireTests
{
    private static string RoundTrip(string json) =>
        JsonSerializer.Serialize(JsonSerializer.Deserialize(json, FireworksJsonContext.Default.RlorTrainerJob)!, FireworksJsonContext.Default.RlorTrainerJob);

    private static string Job(string createTime) => $$"""{"createTime":"{{createTime}}"}""";

    [Fact]
    public void Milliseconds_written_with_three_digits_round_trip_byte_for_byte()
    {
        Assert.Equal(Job("2026-01-05T08:00:00.800Z"), RoundTrip(Job("2026-01-05T08:00:00.800Z")));
    }

    [Theory]
    [InlineData("2026-01-05T08:00:00.123456789Z")]   // below 100 ns: more than a DateTimeOffset holds
    [InlineData("2026-01-05T08:00:00.000000001Z")]
    [InlineData("2026-01-05T08:00:00.123456700Z")]   // nine digits that the value holds exactly (proto3's own form)
    [InlineData("2026-01-05T08:00:00.100000000Z")]   // nine digits where proto3 would write three
    public void Nine_fractional_digits_round_trip_byte_for_byte(string wire)
    {
        Assert.Equal(Job(wire), RoundTrip(Job(wire)));
    }

    [Theory]
    [InlineData("2026-01-05T10:00:00+02:00")]
    [InlineData("2026-01-05T03:30:00.250-04:30")]
    [InlineData("2026-01-05T08:00:00+00:00")]
    [InlineData("2026-01-05T08:00:00-00:00")]
    public void A_numeric_offset_round_trips_byte_for_byte(string wire)
    {
        // '+' is one of the characters System.Text.Json escapes by default (\u002B): the kept text is written as sent.
        Assert.Equal(Job(wire), RoundTrip(Job(wire)));
    }

    [Fact]
    public void A_fraction_shorter_than_proto3s_round_trips_while_the_same_instant_set_in_code_gets_three_digits()
    {
        Assert.Equal(Job("2026-01-05T08:00:00.8Z"), RoundTrip(Job("2026-01-05T08:00:00.8Z")));

        var job = new RlorTrainerJob { CreateTime = new DateTimeOffset(2026, 1, 5, 8, 0, 0, 800, TimeSpan.Zero) };
        Assert.Equal(Job("2026-01-05T08:00:00.800Z"), JsonSerializer.Serialize(job, FireworksJsonContext.Default.RlorTrainerJob));
    }

    [Theory]
    [InlineData("2026-01-05T08:00:00Z")]
    [InlineData("2026-01-05T08:00:00.000Z")]
    [InlineData("2026-01-05T08:00:00.0Z")]
    [InlineData("2026-01-05T08:00:00.000000000Z")]
    public void Whole_seconds_round_trip_with_or_without_a_zero_fraction(string wire)
    {
        Assert.Equal(Job(wire), RoundTrip(Job(wire)));
        var read = JsonSerializer.Deserialize(Job(wire), FireworksJsonContext.Default.RlorTrainerJob)!;
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero), read.CreateTime);
    }

    [Theory]
    [InlineData("2026-01-05T08:00:00.12Z")]
    [InlineData("2026-01-05T08:00:00.1234Z")]
    [InlineData("2026-01-05T08:00:00.12345Z")]
    [InlineData("2026-01-05T08:00:00.1234567Z")]
    [InlineData("2026-01-05T08:00:00.12345678Z")]
    [InlineData("2026-01-05t08:00:00Z")]
    [InlineData("2026-01-05T08:00:00z")]
    public void Other_rfc3339_spellings_round_trip_byte_for_byte(string wire)
    {
        Assert.Equal(Job(wire), RoundTrip(Job(wire)));
    }

    [Theory]
    [InlineData("2026-01-05T08:00:00Z", 0L, "2026-01-05T08:00:00Z")]
    [InlineData("2026-01-05T08:00:00Z", 8_000_000L, "2026-01-05T08:00:00.800Z")]
    [InlineData("2026-01-05T08:00:00Z", 1_230L, "2026-01-05T08:00:00.000123Z")]
    [InlineData("2026-01-05T08:00:00Z", 1_234_567L, "2026-01-05T08:00:00.123456700Z")]
    [InlineData("2026-01-05T08:00:00Z", 1L, "2026-01-05T08:00:00.000000100Z")]
    public void Proto3s_form_has_0_3_6_or_9_fractional_digits_the_fewest_that_are_exact(string seconds, long ticks, string expected)
    {
        var value = DateTimeOffset.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture).AddTicks(ticks);
        Assert.Equal(expected, JsonWire.FormatTimestamp(value));
        Assert.Equal(expected, JsonWire.FormatTimestamp(value.ToOffset(TimeSpan.FromHours(-7))));   // always UTC, with Z
        Assert.Equal(Job(expected), JsonSerializer.Serialize(new RlorTrainerJob { CreateTime = value }, FireworksJsonContext.Default.RlorTrainerJob));
    }

    [Theory]
    [InlineData("2026-01-05T10:00:00+02:00")]
    [InlineData("2026-01-05T08:00:00.123456789Z")]
    [InlineData("2026-01-05T08:00:00.8Z")]
    public void Setting_the_property_to_a_new_value_writes_proto3s_form(string wire)
    {
        var job = JsonSerializer.Deserialize(Job(wire), FireworksJsonContext.Default.RlorTrainerJob)!;
        job.CreateTime = new DateTimeOffset(2026, 1, 5, 9, 0, 0, 500, TimeSpan.FromHours(1));
        Assert.Equal(Job("2026-01-05T08:00:00.500Z"), JsonSerializer.Serialize(job, FireworksJsonContext.Default.RlorTrainerJob));
    }

    [Fact]
    public void The_kept_text_is_written_only_while_the_property_holds_the_value_read_with_its_offset()
    {
        var job = JsonSerializer.Deserialize(Job("2026-01-05T10:00:00+02:00"), FireworksJsonContext.Default.RlorTrainerJob)!;
        var read = job.CreateTime!.Value;
        Assert.Equal(TimeSpan.FromHours(2), read.Offset);

        job.CreateTime = read;   // the same value: still the text that was read
        Assert.Equal(Job("2026-01-05T10:00:00+02:00"), JsonSerializer.Serialize(job, FireworksJsonContext.Default.RlorTrainerJob));

        job.CreateTime = read.ToUniversalTime();   // the same instant in UTC: a different value, written in proto3's form
        Assert.Equal(Job("2026-01-05T08:00:00Z"), JsonSerializer.Serialize(job, FireworksJsonContext.Default.RlorTrainerJob));

        job.CreateTime = null;
        Assert.Equal("{}", JsonSerializer.Serialize(job, FireworksJsonContext.Default.RlorTrainerJob));
    }

    [Theory]
    [InlineData("2026-01-05T08:00:00.1234567891Z", "more than 9 fractional digits")]
    [InlineData("2026-01-05T08:00:00.123456789012Z", "more than 9 fractional digits")]
    [InlineData("2026-01-05T08:00:00.Z", "no digit after the '.'")]
    [InlineData("2026-13-05T08:00:00Z", "month 13 does not exist")]
    [InlineData("2026-02-30T08:00:00Z", "day 30 does not exist in 2026-02")]
    [InlineData("2026-01-05T24:00:00Z", "hour 24 is out of range (00 to 23)")]
    [InlineData("2026-01-05T08:60:00Z", "minute 60 is out of range (00 to 59)")]
    [InlineData("2026-01-05T08:00:60Z", "second 60 is out of range (00 to 59: proto3 timestamps have no leap seconds)")]
    [InlineData("2026-01-05T08:00:00+24:00", "the UTC offset 24:00 is out of range")]
    [InlineData("2026-01-05T08:00:00-07:60", "the UTC offset 07:60 is out of range")]
    [InlineData("2026-01-05T08:00:00", "no UTC offset")]
    [InlineData("2026-01-05T08:00:00+2:00", "offset")]
    [InlineData("2026-01-05 08:00:00Z", "'T'")]
    [InlineData("01/05/2026 08:00:00", "yyyy-MM-dd")]
    [InlineData("2026-01-05T08:00:00Z ", "after the offset")]
    [InlineData("0000-12-31T23:00:00Z", "year 0")]
    [InlineData("0001-01-01T00:00:00+01:00", "before 0001-01-01T00:00:00Z")]
    public void A_malformed_timestamp_fails_with_a_json_exception_naming_the_problem(string wire, string problem)
    {
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(Job(wire), FireworksJsonContext.Default.RlorTrainerJob));
        Assert.Contains(wire, exception.Message, StringComparison.Ordinal);
        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_timestamp_is_absent()
    {
        var job = JsonSerializer.Deserialize("""{"createTime":"2026-01-05T10:00:00+02:00","createTime":null}""", FireworksJsonContext.Default.RlorTrainerJob)!;
        Assert.Null(job.CreateTime);
        Assert.Equal("{}", JsonSerializer.Serialize(job, FireworksJsonContext.Default.RlorTrainerJob));
    }

    [Fact]
    public void A_timestamp_that_is_not_a_string_fails_naming_the_token()
    {
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"createTime":1767600000}""", FireworksJsonContext.Default.RlorTrainerJob));
        Assert.Contains("RFC 3339 timestamp", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Number", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_escaped_timestamp_is_read_as_its_text()
    {
        var job = JsonSerializer.Deserialize(Job("2026-01-05T10:00:00\\u002B02:00"), FireworksJsonContext.Default.RlorTrainerJob)!;
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.FromHours(2)), job.CreateTime);
        Assert.Equal(Job("2026-01-05T10:00:00+02:00"), JsonSerializer.Serialize(job, FireworksJsonContext.Default.RlorTrainerJob));

        var canonical = JsonSerializer.Deserialize(Job("2026-01-05T08:00:00.800\\u005A"), FireworksJsonContext.Default.RlorTrainerJob)!;
        Assert.Equal(Job("2026-01-05T08:00:00.800Z"), JsonSerializer.Serialize(canonical, FireworksJsonContext.Default.RlorTrainerJob));
    }

    [Theory]
    [InlineData("2026-01-05T10:00:00+02:00", 24)]       // split inside the text: the reader hands it over in two segments
    [InlineData("2026-01-05T08:00:00.800Z", 30)]
    [InlineData("2026-01-05T08:00:00.8Z", 16)]
    public void A_timestamp_split_across_buffers_is_read_as_its_text(string wire, int splitAt)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(Job(wire));
        var reader = new Utf8JsonReader(SplitBuffers.At(utf8, splitAt));
        reader.Read();

        var job = RlorTrainerJobJsonConverter.ReadValue(ref reader, JsonSerializerOptions.Default);

        Assert.Equal(JsonWire.ParseTimestamp(wire), job.CreateTime);
        Assert.Equal(Job(wire), JsonSerializer.Serialize(job, FireworksJsonContext.Default.RlorTrainerJob));
    }

    [Fact]
    public void A_whole_model_with_timestamps_in_every_form_is_written_back_byte_for_byte()
    {
        // Properties in the spec's (the writer's) order, an unknown property last, every timestamp in a different form.
        var json = """
            {"name":"accounts/a/deployments/d","displayName":"d","createTime":"2026-01-05T08:00:00.800Z",
            "expireTime":"2026-02-05T10:00:00+02:00","purgeTime":"2026-03-01T00:00:00Z","deleteTime":"2026-02-28t23:59:59.123456789z",
            "state":"READY","minReplicaCount":0,"maxReplicaCount":2,"baseModel":"accounts/fireworks/models/m",
            "updateTime":"2026-01-05T08:00:01.5Z","futureTime":"2026-01-05T08:00:00.8Z"}
            """.ReplaceLineEndings("");
        var deployment = JsonSerializer.Deserialize(json, FireworksJsonContext.Default.Deployment)!;
        Assert.Equal(new DateTimeOffset(2026, 2, 5, 8, 0, 0, TimeSpan.Zero), deployment.ExpireTime);
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 23, 59, 59, TimeSpan.Zero).AddTicks(1_234_567), deployment.DeleteTime);
        Assert.Equal(json, JsonSerializer.Serialize(deployment, FireworksJsonContext.Default.Deployment));

        using var buffer = new MemoryStream();
        JsonSerializer.Serialize(buffer, deployment, FireworksJsonContext.Default.Deployment);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(json), buffer.ToArray());
    }

    [Fact]
    public void Query_timestamps_use_proto3s_form()
    {
        Assert.Equal("2026-01-05T08:00:00.800Z", JsonWire.FormatQuery(new DateTimeOffset(2026, 1, 5, 9, 0, 0, 800, TimeSpan.FromHours(1))));
        Assert.Equal("2026-01-05T08:00:00Z", JsonWire.FormatQuery(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero)));
        Assert.Equal("2026-01-05T08:00:00.123456700Z", JsonWire.FormatQuery(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero).AddTicks(1_234_567)));
    }

    [Fact]
    public async Task A_generated_list_call_sends_query_timestamps_in_proto3s_form()
    {
        var handler = new FakeHttpHandler(fallback: (_, _) => Task.FromResult(FakeHttpHandler.Json(System.Net.HttpStatusCode.OK, "{}")));
        using var client = TestClients.Create(handler);

        await client.AuditLogs.ListPageAsync(
            startTime: new DateTimeOffset(2026, 1, 5, 9, 0, 0, 800, TimeSpan.FromHours(1)),
            endTime: new DateTimeOffset(2026, 1, 6, 8, 0, 0, TimeSpan.Zero).AddTicks(10));

        Assert.Equal(
            "/v1/accounts/test-account/auditLogs?startTime=2026-01-05T08%3A00%3A00.800Z&endTime=2026-01-06T08%3A00%3A00.000001Z",
            handler.Requests[0].PathAndQuery);
    }
}
