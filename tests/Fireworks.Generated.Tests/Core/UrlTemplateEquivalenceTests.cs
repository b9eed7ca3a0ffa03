using Microsoft.Kiota.Abstractions;
using Xunit;

namespace Fireworks.Tests.Core;

/// <summary>
/// The transport expands URL templates itself (once per call, no Kiota round-trip); it must produce exactly the
/// string Kiota's <see cref="RequestInformation.URI"/> would, for every generated template and awkward values.
/// </summary>
public sealed class UrlTemplateEquivalenceTests
{
    private static readonly string[] AwkwardValues =
    [
        "plain", "with space", "a/b", "q\"uote", "state=READY AND x:*", "ünïcødé", "100%", "a+b&c=d", "#frag", "?q", "~-._", "",
    ];

    public static TheoryData<string> Templates()
    {
        var data = new TheoryData<string>();
        foreach (var template in FireworksOperations.All.Select(o => o.UrlTemplate).Distinct()) data.Add(template);
        return data;
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_generated_template_expands_like_kiota(string text)
    {
        var template = UrlTemplate.Get(text);
        Assert.True(template.IsCompiled, $"'{text}' takes the slow path");
        var random = new Random(text.Length * 7919 + text[^1]);
        var queryNames = System.Text.RegularExpressions.Regex.Match(text, @"\{\?([^}]*)\}").Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries);

        var compared = 0;
        for (var round = 0; round < 40; round++)
        {
            var request = new RequestInformation(Method.GET, text, new Dictionary<string, object>());
            request.PathParameters["baseurl"] = "http://127.0.0.1:8099";
            foreach (var variable in template.PathVariables)
            {
                request.PathParameters[variable] = Pick(random, nonEmpty: true);
            }
            foreach (var name in queryNames)
            {
                if (random.Next(3) == 0) continue;
                var key = name.TrimEnd('*');
                request.QueryParameters[key] = name.EndsWith('*') ? new[] { Pick(random, false), Pick(random, false) } : Pick(random, false);
            }

            if (!template.TryExpand(request, out var ours)) continue; // the transport falls back to Kiota for these
            Assert.Equal(request.URI.OriginalString, ours);
            compared++;
        }
        Assert.True(compared >= 20, $"only {compared} of 40 expansions took the fast path");
    }

    private static string Pick(Random random, bool nonEmpty)
    {
        var value = AwkwardValues[random.Next(AwkwardValues.Length)];
        return nonEmpty && value.Length == 0 ? "x" : value;
    }
}
