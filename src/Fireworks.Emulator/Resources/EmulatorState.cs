using Fireworks.Models;
using Microsoft.Extensions.Logging;

namespace Fireworks.Emulator;

/// <summary>
/// Everything the emulator holds: one account and its collections, the emulated clock and the transitions it
/// drives. Handlers run under <see cref="Gate"/>, one at a time, after <see cref="Advance"/>.
/// </summary>
internal sealed class EmulatorState
{
    private readonly List<Task> backgroundWork = [];

    public EmulatorState(EmulatorOptions options, string snapshotRoot, ILogger logger)
    {
        Options = options;
        Timings = options.Timings;
        AccountId = options.AccountId;
        SnapshotRoot = snapshotRoot;
        Logger = logger;
        Clock = new EmulatedClock(options.TimeProvider, options.TimeScale, options.EmulatedStartTime);
        Random = new Random(options.RandomSeed);
        var created = Clock.UtcNow;
        Account = new Account
        {
            Name = $"accounts/{AccountId}",
            DisplayName = "Fireworks emulator",
            Email = $"{AccountId}@emulator.localhost",
            AccountType = AccountAccountType.Enterprise,
            State = AccountState.Ready,
            CreateTime = created,
            UpdateTime = created,
        };
        Datasets = new(ResourceKinds.Dataset, AccountId);
        Models = new(ResourceKinds.Model, AccountId);
        Deployments = new(ResourceKinds.Deployment, AccountId);
        RlorTrainerJobs = new(ResourceKinds.RlorTrainerJob, AccountId);
        ReinforcementFineTuningJobs = new(ResourceKinds.ReinforcementFineTuningJob, AccountId);
        SupervisedFineTuningJobs = new(ResourceKinds.SupervisedFineTuningJob, AccountId);
        Evaluators = new(ResourceKinds.Evaluator, AccountId);
    }

    /// <summary>Serializes every handler and every transition.</summary>
    public object Gate { get; } = new();

    public EmulatorOptions Options { get; }

    public EmulatorTimings Timings { get; }

    public string AccountId { get; }

    public string SnapshotRoot { get; }

    public ILogger Logger { get; }

    public EmulatedClock Clock { get; }

    public Scheduler Scheduler { get; } = new();

    /// <summary>Seeded: generated ids are the same on every run.</summary>
    public Random Random { get; }

    /// <summary>Cancelled when the emulator shuts down; background loads stop.</summary>
    public CancellationTokenSource Stopping { get; } = new();

    public Account Account { get; }

    public ResourceCollection<Dataset> Datasets { get; }

    public ResourceCollection<Model> Models { get; }

    public ResourceCollection<Deployment> Deployments { get; }

    public ResourceCollection<RlorTrainerJob> RlorTrainerJobs { get; }

    public ResourceCollection<ReinforcementFineTuningJob> ReinforcementFineTuningJobs { get; }

    public ResourceCollection<SupervisedFineTuningJob> SupervisedFineTuningJobs { get; }

    public ResourceCollection<Evaluator> Evaluators { get; }

    /// <summary>Runs the transitions that are due and returns the emulated now. Call under <see cref="Gate"/>.</summary>
    public DateTimeOffset Advance()
    {
        var now = Clock.UtcNow;
        Scheduler.RunDue(now);
        return now;
    }

    /// <summary>Checks that a request addresses the emulator's account.</summary>
    /// <exception cref="ApiException">PERMISSION_DENIED for any other account.</exception>
    public void CheckAccount(string accountId)
    {
        if (!string.Equals(accountId, AccountId, StringComparison.Ordinal))
        {
            throw new ApiException(RpcCode.PermissionDenied, $"The API key has no access to account \"{accountId}\" (the emulator hosts only \"accounts/{AccountId}\").");
        }
    }

    /// <summary>The id of a resource name in this account's <paramref name="collection"/>, or null when the name points elsewhere.</summary>
    public string? LocalId(string? resourceName, string collection)
    {
        var prefix = $"accounts/{AccountId}/{collection}/";
        return resourceName is not null && resourceName.StartsWith(prefix, StringComparison.Ordinal) && ResourceIds.IsValid(resourceName[prefix.Length..])
            ? resourceName[prefix.Length..]
            : null;
    }

    /// <summary>Tracks work that runs outside the gate (snapshot decoding) so <see cref="WhenIdleAsync"/> can wait for it.</summary>
    public void Track(Task work)
    {
        lock (backgroundWork)
        {
            backgroundWork.RemoveAll(t => t.IsCompleted);
            backgroundWork.Add(work);
        }
    }

    /// <summary>Completes when every tracked background task has finished (including ones started meanwhile).</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task[] pending;
            lock (backgroundWork)
            {
                backgroundWork.RemoveAll(t => t.IsCompleted);
                pending = [.. backgroundWork];
            }

            if (pending.Length == 0)
            {
                return;
            }

            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
    /// <summary>
    /// Runs <paramref name="apply"/> at <paramref name="at"/> unless the resource was deleted or changed course
    /// (its generation moved on) in the meantime.
    /// </summary>
    public void Schedule<T>(ResourceCollection<T> collection, StoredResource<T> resource, DateTimeOffset at, Action<T, DateTimeOffset> apply)
        where T : class
    {
        var generation = resource.Generation;
        Scheduler.At(at, due =>
        {
            if (ReferenceEquals(collection.Find(resource.Id), resource) && resource.Generation == generation)
            {
                apply(resource.Value, due);
            }
        });
    }

    /// <summary>The requested id after validation, or a fresh one when none was requested.</summary>
    /// <exception cref="ApiException">INVALID_ARGUMENT for a malformed id.</exception>
    public string ChooseId<T>(string? requested, ResourceCollection<T> collection)
        where T : class
    {
        if (string.IsNullOrEmpty(requested))
        {
            string id;
            do
            {
                id = ResourceIds.Generate(Random);
            }
            while (collection.Find(id) is not null);

            return id;
        }

        if (!ResourceIds.IsValid(requested))
        {
            throw ApiException.InvalidArgument(
                $"Invalid {collection.Kind.Label} id \"{requested}\": an id has 1 to 63 lowercase letters, digits or '-', starts with a letter and does not end with '-'.");
        }

        return requested;
    }
    /// <summary>Checks that a reference to a resource of this account names an existing one (references elsewhere are not checked).</summary>
    /// <exception cref="ApiException">NOT_FOUND naming the field and the missing resource.</exception>
    public void RequireIfLocal<T>(string? name, ResourceCollection<T> collection, string field)
        where T : class
    {
        if (LocalId(name, collection.Kind.Collection) is { } id && collection.Find(id) is null)
        {
            throw ApiException.NotFound($"{field}: {collection.Kind.Label} \"{name}\" not found.");
        }
    }
}
