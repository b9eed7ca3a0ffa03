using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Fireworks.Delta;
using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks.Tests.HotLoad.Infrastructure;

/// <summary>A signal as the fake server received it.</summary>
public sealed record ReceivedSignal(HotLoadSignalRequest Request, string Body, string? DrainTimeout, int HttpStatus);

/// <summary>A hint as the fake server received it.</summary>
public sealed record ReceivedHint(string Identity, string Filename, IncrementalSnapshotMetadata? Metadata);

/// <summary>
/// An in-process stand-in for the hot-load API (signal, status, hint) and the gateway ledger of one deployment.
/// It behaves like the service: it checks headers, identities and the chain (a delta must name the served
/// snapshot and this SDK's format), reads snapshots from the bucket directory the chain uploads to, and rebuilds a
/// delta against the snapshot it serves with the real codec, so a broken delta fails like a broken load. Replicas
/// come ready after a scripted number of status polls.
/// </summary>
public sealed class FakeHotLoadServer : HttpMessageHandler
{
    public const string AccountId = "test-account";
    public const string DeploymentId = "d";
    public const string Model = "accounts/test-account/models/m";
    public const string Deployment = "accounts/test-account/deployments/d";
    private const string SignalPath = "/hot_load/v1/models/hot_load";
    private const string HintPath = "/hot_load/v1/models/hot_load/hint";
    private const string LedgerPath = "/v1/accounts/test-account/deployments/d/ledger";

    private readonly object _gate = new();
    private readonly string _bucket;
    private readonly string _materialized;
    private readonly List<ReceivedSignal> _signals = [];
    private readonly List<ReceivedHint> _hints = [];
    private readonly List<string> _requests = [];
    private readonly List<string> _ledger = [];
    private readonly Dictionary<string, (HttpStatusCode Status, int Code, string Message)> _rejections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _loadFailures = new(StringComparer.Ordinal);
    private readonly Queue<int> _tooEarly = new();
    private Load? _load;

    public FakeHotLoadServer(string bucketDirectory, string materializedDirectory)
    {
        _bucket = bucketDirectory;
        _materialized = materializedDirectory;
    }

    /// <summary>How many replicas the deployment has.</summary>
    public int ReplicaCount { get; set; } = 2;

    /// <summary>
    /// For replica <c>i</c>, the status poll (1-based, counted from the signal) from which it serves the new snapshot.
    /// Null: every replica serves it at the first poll.
    /// </summary>
    public int[]? ReadyAtPoll { get; set; }

    /// <summary>Status polls before this one (1-based, counted from the signal) report no replica at all.</summary>
    public int ReplicasVisibleFromPoll { get; set; } = 1;

    /// <summary>The status poll (1-based, after the signal) at which a scripted load failure shows.</summary>
    public int FailureVisibleAtPoll { get; set; } = 1;

    /// <summary>Answer hints with HTTP 500.</summary>
    public bool FailHints { get; set; }

    /// <summary>Leave the loading_state.target_snapshot_identity of a failed replica empty.</summary>
    public bool OmitErrorTarget { get; set; }

    /// <summary>Never let a load finish (for timeouts).</summary>
    public bool NeverReady { get; set; }

    public string? ServedIdentity { get; private set; }

    /// <summary>The full files of <see cref="ServedIdentity"/> (a delta rebuilt against its base).</summary>
    public string? ServedDirectory { get; private set; }

    public int LedgerResets { get; private set; }

    public int StatusPolls { get; private set; }

    public IReadOnlyList<ReceivedSignal> Signals
    {
        get
        {
            lock (_gate)
            {
                return [.. _signals];
            }
        }
    }

    /// <summary>The signals the server accepted (HTTP 200).</summary>
    public IReadOnlyList<ReceivedSignal> AcceptedSignals => [.. Signals.Where(static signal => signal.HttpStatus == 200)];

    public IReadOnlyList<ReceivedHint> Hints
    {
        get
        {
            lock (_gate)
            {
                return [.. _hints];
            }
        }
    }

    /// <summary>Every request as <c>METHOD /path</c>.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The signal of <paramref name="identity"/> is answered with an error.</summary>
    public void RejectSignal(string identity, HttpStatusCode status, int rpcCode, string message) => _rejections[identity] = (status, rpcCode, message);

    /// <summary>Loading <paramref name="identity"/> fails: replica 0 reports stage "error" with <paramref name="message"/>.</summary>
    public void FailLoad(string identity, string message) => _loadFailures[identity] = message;

    /// <summary>The next signals are answered 425 Too Early with these Retry-After values (seconds).</summary>
    public void AnswerTooEarly(params int[] retryAfterSeconds)
    {
        foreach (var seconds in retryAfterSeconds)
        {
            _tooEarly.Enqueue(seconds);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_gate)
        {
            _requests.Add(request.Method.Method + " " + path);
        }

        if (path == LedgerPath)
        {
            return request.Method == HttpMethod.Delete ? ResetLedger() : Json(LedgerJson());
        }

        if (Header(request, "fireworks-model") != Model || Header(request, "fireworks-deployment") != Deployment)
        {
            return Error(HttpStatusCode.BadRequest, 3, "wrong fireworks-model or fireworks-deployment header");
        }

        return (request.Method.Method, path) switch
        {
            ("POST", SignalPath) => await SignalAsync(body, Header(request, "x-fireworks-hot-load-drain-timeout"), cancellationToken),
            ("GET", SignalPath) => Status(),
            ("POST", HintPath) => Hint(body),
            _ => Error(HttpStatusCode.NotFound, 5, "no such path " + path),
        };
    }

    private async Task<HttpResponseMessage> SignalAsync(string body, string? drainTimeout, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize(body, FireworksJsonContext.Default.HotLoadSignalRequest)!;
        var (status, response) = await AnswerSignalAsync(request, cancellationToken);
        lock (_gate)
        {
            _signals.Add(new ReceivedSignal(request, body, drainTimeout, (int)status));
        }

        return response;
    }

    private async Task<(HttpStatusCode, HttpResponseMessage)> AnswerSignalAsync(HotLoadSignalRequest request, CancellationToken cancellationToken)
    {
        if (_tooEarly.TryDequeue(out var retryAfter))
        {
            var tooEarly = Error((HttpStatusCode)425, 14, "a weight swap is draining");
            tooEarly.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfter));
            return ((HttpStatusCode)425, tooEarly);
        }

        if (_rejections.TryGetValue(request.Identity, out var rejection))
        {
            return (rejection.Status, Error(rejection.Status, rejection.Code, rejection.Message));
        }

        if (!SnapshotIdentity.IsValid(request.Identity))
        {
            return Fail(HttpStatusCode.BadRequest, 3, $"identity '{request.Identity}' is not one path segment");
        }

        if (_load is not null)
        {
            return Fail(HttpStatusCode.PreconditionFailed, 9, $"snapshot '{_load.Identity}' is still loading");
        }

        var source = Path.Combine(_bucket, request.Identity);
        if (!Directory.Exists(source) || !Directory.EnumerateFiles(source).Any())
        {
            return Fail(HttpStatusCode.BadRequest, 3, $"nothing was uploaded under '{request.Identity}'");
        }

        var metadata = request.IncrementalSnapshotMetadata;
        var served = source;
        string? error = null;
        if (metadata is not null)
        {
            if (!DeltaFormat.IsSupported(metadata.CompressionFormat) || metadata.ChecksumFormat != "alder32")
            {
                return Fail(HttpStatusCode.BadRequest, 3, $"unknown compression_format '{metadata.CompressionFormat}' / checksum_format '{metadata.ChecksumFormat}'");
            }

            if (ServedIdentity is null || metadata.PreviousSnapshotIdentity != ServedIdentity)
            {
                return Fail(HttpStatusCode.PreconditionFailed, 9, $"previous_snapshot_identity '{metadata.PreviousSnapshotIdentity}' is not the served snapshot '{ServedIdentity}'");
            }

            served = Path.Combine(_materialized, request.Identity);
            try
            {
                await DeltaCodec.DecodeDirectoryAsync(ServedDirectory!, source, served, new DeltaDecodeOptions { ExpectedBaseIdentity = ServedIdentity }, cancellationToken: cancellationToken);
            }
            catch (Exception exception) when (exception is DeltaIntegrityException or DeltaBaseMismatchException or DeltaFormatException)
            {
                error = exception.Message;
            }
        }

        if (_loadFailures.TryGetValue(request.Identity, out var scripted))
        {
            error = scripted;
        }

        _load = new Load(request.Identity, served, error);
        _ledger.Add($"signaled {request.Identity} {(metadata is null ? "full" : "delta")}");
        return (HttpStatusCode.OK, Json("{}"));
    }

    private HttpResponseMessage Status()
    {
        lock (_gate)
        {
            StatusPolls++;
        }

        var load = _load;
        var poll = load is null ? int.MaxValue : ++load.Polls;
        var replicas = new List<ReplicaLoadStatus>();
        if (poll >= ReplicasVisibleFromPoll)
        {
            for (var i = 0; i < ReplicaCount; i++)
            {
                replicas.Add(Replica(i, load, poll));
            }
        }

        if (load is { Error: null } && !NeverReady && replicas.Count > 0 && replicas.All(replica => replica.CurrentSnapshotIdentity == load.Identity && replica.Readiness == true))
        {
            ServedIdentity = load.Identity;
            ServedDirectory = load.ServedDirectory;
            _ledger.Add($"loaded {load.Identity}");
            _load = null;
        }
        else if (load is { Error: not null } && poll >= FailureVisibleAtPoll)
        {
            _ledger.Add($"load_failed {load.Identity}");
            _load = null;
        }

        return Json(JsonSerializer.Serialize(new HotLoadStatus { Replicas = replicas }, FireworksJsonContext.Default.HotLoadStatus));
    }

    private ReplicaLoadStatus Replica(int index, Load? load, int poll)
    {
        var replica = new ReplicaLoadStatus
        {
            ReplicaId = "replica-" + index.ToString(CultureInfo.InvariantCulture),
            CurrentSnapshotIdentity = ServedIdentity,
            Readiness = true,
            LoadedAdapters = [],
            LoadingState = new LoadingState { Stage = "idle" },
        };
        if (load is null)
        {
            return replica;
        }

        if (load.Error is not null && poll >= FailureVisibleAtPoll)
        {
            replica.LoadingState = index == 0
                ? new LoadingState { Stage = "error", TargetSnapshotIdentity = OmitErrorTarget ? null : load.Identity, Message = load.Error }
                : new LoadingState { Stage = "downloading", TargetSnapshotIdentity = load.Identity };
            return replica;
        }

        var readyAt = ReadyAtPoll is { } schedule ? schedule[index] : 1;
        if (!NeverReady && load.Error is null && poll >= readyAt)
        {
            replica.CurrentSnapshotIdentity = load.Identity;
            replica.LoadingState = new LoadingState { Stage = "ready", TargetSnapshotIdentity = load.Identity };
        }
        else
        {
            replica.LoadingState = new LoadingState { Stage = "downloading", TargetSnapshotIdentity = load.Identity };
        }

        return replica;
    }

    private HttpResponseMessage Hint(string body)
    {
        var request = JsonSerializer.Deserialize(body, FireworksJsonContext.Default.HotLoadHintRequest)!;
        lock (_gate)
        {
            _hints.Add(new ReceivedHint(request.Snapshot.Identity, request.Filename, request.Snapshot.IncrementalSnapshotMetadata));
        }

        if (FailHints)
        {
            return Error(HttpStatusCode.InternalServerError, 13, "hint store unavailable");
        }

        return File.Exists(Path.Combine(_bucket, request.Snapshot.Identity, request.Filename))
            ? Json("{}")
            : Error(HttpStatusCode.NotFound, 5, $"'{request.Snapshot.Identity}/{request.Filename}' has not landed");
    }

    private HttpResponseMessage ResetLedger()
    {
        LedgerResets++;
        ServedIdentity = null;
        ServedDirectory = null;
        _load = null;
        _ledger.Clear();
        return Json("{}");
    }

    private string LedgerJson() =>
        JsonSerializer.Serialize(
            new GetLedgerResponse { Ledger = [.. _ledger.AsEnumerable().Reverse().Select(static value => new LedgerEntry { Value = value })] },
            FireworksJsonContext.Default.GetLedgerResponse);

    private static (HttpStatusCode, HttpResponseMessage) Fail(HttpStatusCode status, int code, string message) => (status, Error(status, code, message));

    private static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static HttpResponseMessage Json(string json) => new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Error(HttpStatusCode status, int code, string message) => new(status)
    {
        Content = new StringContent(JsonSerializer.Serialize(new { code, message }), Encoding.UTF8, "application/json"),
    };

    private sealed class Load(string identity, string servedDirectory, string? error)
    {
        public string Identity { get; } = identity;

        public string ServedDirectory { get; } = servedDirectory;

        public string? Error { get; } = error;

        public int Polls { get; set; }
    }
}
