using Xunit;

namespace Fireworks.Aip.Tests;

/// <summary>protobuf's JSON name mapping, the one rule the SDK, the emulator and the generator share.</summary>
public sealed class ProtoNamesTests
{
    [Theory]
    [InlineData("min_replica_count", "minReplicaCount")]
    [InlineData("aws_s3_config", "awsS3Config")]
    [InlineData("name", "name")]
    [InlineData("lora_rank", "loraRank")]
    public void Proto_and_json_names_map_both_ways(string proto, string json)
    {
        Assert.Equal(json, ProtoNames.ToJsonName(proto));
        Assert.Equal(proto, ProtoNames.ToProtoName(json));
    }

    [Theory]
    [InlineData("alreadyCamel", "alreadyCamel")]
    [InlineData("a_b_c", "aBC")]
    public void A_name_without_underscores_is_unchanged_and_every_letter_after_one_is_capitalised(string proto, string json) =>
        Assert.Equal(json, ProtoNames.ToJsonName(proto));

    [Theory]
    [InlineData("Leading", "leading")]
    [InlineData("already_snake", "already_snake")]
    [InlineData("mixed_Case", "mixed_case")]
    public void Snake_case_gets_no_leading_or_doubled_underscore(string json, string proto) =>
        Assert.Equal(proto, ProtoNames.ToProtoName(json));
}
