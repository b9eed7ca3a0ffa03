using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Baseline.NSwag;
using BenchmarkDotNet.Attributes;
using Fireworks.Benchmarks.Infrastructure;
using Fireworks.Benchmarks.Payloads;
using Fireworks.Benchmarks.Runtime;

namespace Fireworks.Benchmarks.Calls;

/// <summary>
/// One API call end to end (build the request, send it through <see cref="HttpClient"/>, parse the
/// response) against an in-process handler with a canned body: NSwag's generated client (the baseline),
/// raw <see cref="HttpClient"/> with source-generated System.Text.Json (the practical floor) and our client
/// (in <c>CallOverheadBenchmarks.Fireworks.cs</c>, next to this file). Every contender authenticates with the
/// same bearer key, as a real call must: NSwag and the floor through the <see cref="HttpClient"/>'s default
/// headers, ours through its options.
/// </summary>
[MemoryDiagnoser]
[Launches(3)]
public partial class CallOverheadBenchmarks
{
    /// <summary>The account every call addresses.</summary>
    public const string AccountId = "acct-benchmark";

    /// <summary>The user every GET addresses.</summary>
    public const string UserId = "user-7f3a";

    /// <summary>The field mask every GET sends.</summary>
    public const string ReadMask = "name,displayName,state,status";

    /// <summary>The API key every contender sends as <c>Authorization: Bearer</c>.</summary>
    public const string ApiKey = "fw_benchmark_key_0123456789";

    /// <summary>The API root every contender addresses.</summary>
    public static readonly Uri BaseAddress = new("https://api.fireworks.example/");

    private HttpClient _nswagHttp = null!;
    private HttpClient _floorHttp = null!;
    private GatewayClient _nswagClient = null!;
    private GatewayUser _nswagUser = null!;
    private FloorUser _floorUser = null!;

    /// <summary>The call under test.</summary>
    [ParamsAllValues]
    public CallKind Call { get; set; }

    /// <summary>Wires every contender to its own handler answering with the same sample <c>gatewayUser</c>.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var user = SamplePayloads.User;
        _nswagHttp = CreateHttpClient(user);
        _nswagClient = new GatewayClient(_nswagHttp);
        _nswagUser = JsonSerializer.Deserialize<GatewayUser>(user, NSwagJson.Options)
            ?? throw new InvalidDataException("The sample user deserialized to null with NSwag's DTOs.");
        _floorHttp = CreateHttpClient(user);
        _floorUser = JsonSerializer.Deserialize(user, FloorJsonContext.Default.FloorUser)
            ?? throw new InvalidDataException("The sample user deserialized to null with the floor DTOs.");
        OnGlobalSetup(user);
    }

    /// <summary>Releases the clients.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _nswagHttp.Dispose();
        _floorHttp.Dispose();
        OnGlobalCleanup();
    }

    /// <summary>NSwag's generated <c>GatewayClient</c> (System.Text.Json mode).</summary>
    /// <returns>The parsed user.</returns>
    [Benchmark(Baseline = true, Description = "NSwag client")]
    [BenchmarkCategory(Contenders.NSwag)]
    public async Task<GatewayUser> NSwagClientAsync() => Call switch
    {
        CallKind.GetUser => await _nswagClient.GetUserAsync(AccountId, UserId, ReadMask, CancellationToken.None).ConfigureAwait(false),
        _ => await _nswagClient.CreateUserAsync(AccountId, _nswagUser, UserId, CancellationToken.None).ConfigureAwait(false),
    };

    /// <summary>Raw <see cref="HttpClient"/> and source-generated System.Text.Json over hand-written DTOs.</summary>
    /// <returns>The parsed user.</returns>
    [Benchmark(Description = "HttpClient + STJ source-gen (floor)")]
    [BenchmarkCategory(Contenders.Floor)]
    public Task<FloorUser> RawHttpClientStjAsync() => Call switch
    {
        CallKind.GetUser => FloorGetUserAsync(CancellationToken.None),
        _ => FloorCreateUserAsync(CancellationToken.None),
    };

    /// <summary>Creates an <see cref="HttpClient"/> over a <see cref="CannedResponseHandler"/>, authenticated as a real client must be.</summary>
    /// <param name="responseBody">The body every response carries.</param>
    /// <returns>The client; it owns its handler.</returns>
    public static HttpClient CreateHttpClient(byte[] responseBody) =>
        new(new CannedResponseHandler(responseBody), disposeHandler: true)
        {
            BaseAddress = BaseAddress,
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", ApiKey) },
        };

    private async Task<FloorUser> FloorGetUserAsync(CancellationToken cancellationToken)
    {
        var uri = $"v1/accounts/{Uri.EscapeDataString(AccountId)}/users/{Uri.EscapeDataString(UserId)}?readMask={Uri.EscapeDataString(ReadMask)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        return await SendFloorAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<FloorUser> FloorCreateUserAsync(CancellationToken cancellationToken)
    {
        var uri = $"v1/accounts/{Uri.EscapeDataString(AccountId)}/users?userId={Uri.EscapeDataString(UserId)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = JsonContent.Create(_floorUser, FloorJsonContext.Default.FloorUser),
        };
        return await SendFloorAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<FloorUser> SendFloorAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await _floorHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, FloorJsonContext.Default.FloorUser, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("The response body was JSON null.");
        }
    }

    /// <summary>Extension point for the contenders declared in other parts of this class.</summary>
    /// <param name="userJson">The body every response carries.</param>
    partial void OnGlobalSetup(byte[] userJson);

    /// <summary>Extension point to release what <see cref="OnGlobalSetup"/> created.</summary>
    partial void OnGlobalCleanup();
}
