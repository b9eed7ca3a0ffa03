using Xunit;

namespace Fireworks.Tests.Core;

/// <summary>
/// Generated code builds query strings itself (<see cref="FireworksRequest.AddQuery(string, string)"/>); they must be
/// exactly what an RFC 6570 form-style query expansion (<c>{?a,b*}</c>) produces, as Std.UriTemplate (an RFC 6570
/// implementation, used here as the oracle) expands it, for every generated operation's query and awkward values.
/// </summary>
public sealed class QueryEncodingEquivalenceTests
{
    private static readonly string[] AwkwardValues =
    [
        "plain", "with space", "a/b", "q\"uote", "state=READY AND x:*", "ünïcødé", "100%", "a+b&c=d", "#frag", "?q", "~-._", "",
    ];

    public static TheoryData<string> Queries()
    {
        var data = new TheoryData<string>();
        // Distinct query parts, not templates: many paths share one query, and xUnit skips repeated cases as duplicates.
        var queries = FireworksOperations.All.Select(o => o.UrlTemplate)
            .Select(template => template.IndexOf("{?", StringComparison.Ordinal) is var open and >= 0 ? template[open..] : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
        foreach (var query in queries)
        {
            data.Add(query);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Every_generated_query_encodes_like_an_RFC_6570_expansion(string queryTemplate)
    {
        var names = queryTemplate[2..^1].Split(',');
        var random = new Random(queryTemplate.Length * 7919 + queryTemplate[^2]);
        var operation = new ApiOperation("Test_Query", HttpMethod.Get, "/x");
        for (var round = 0; round < 40; round++)
        {
            var request = new FireworksRequest(operation, "/x");
            var values = new Dictionary<string, object>();
            foreach (var name in names)
            {
                if (random.Next(3) == 0)
                {
                    continue;
                }

                if (name.EndsWith('*'))
                {
                    var list = new[] { Pick(random), Pick(random) };
                    values[name[..^1]] = list;
                    request.AddQuery(name[..^1], list);
                }
                else
                {
                    var value = Pick(random);
                    values[name] = value;
                    request.AddQuery(name, value);
                }
            }

            Assert.Equal(Std.UriTemplate.Expand(queryTemplate, values), request.Query);
        }
    }

    private static string Pick(Random random) => AwkwardValues[random.Next(AwkwardValues.Length)];
}
