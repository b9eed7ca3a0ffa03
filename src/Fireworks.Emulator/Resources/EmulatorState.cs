using Fireworks.Models;
using Microsoft.Extensions.Logging;

namespace Fireworks.Emulator;

/// <summary>
/// Everything the emulator holds: one account and its collections, the emulated clock and the transitions it
/// drives. Handlers that change state run alone under the write side of <see cref="Lock"/>, after
/// <see cref="Advance"/>; Get and List run in parallel under its read side. One lock for every collection, because
/// writers cross collections (a job's completion creates its output model; a model in use by a deployment cannot
/// be deleted); each collection keeps its own indexes, and a list touches only its own collection.
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
        Datasets = new(ResourceKinds.Dataset, AccountId, Lock);
        Models = new(ResourceKinds.Model, AccountId, Lock);
        Deployments = new(ResourceKinds.Deployment, AccountId, Lock);
        RlorTrainerJobs = new(ResourceKinds.RlorTrainerJob, AccountId, Lock);
        ReinforcementFineTuningJobs = new(ResourceKinds.ReinforcementFineTuningJob, AccountId, Lock);
        SupervisedFineTuningJobs = new(ResourceKinds.SupervisedFineTuningJob, AccountId, Lock);
        Evaluators = new(ResourceKinds.Evaluator, AccountId, Lock);
    }

    /// <summary>Writers (handlers that change state, transitions, background loads finishing) hold it exclusively; readers share it.</summary>
    public ReaderWriterLockSlim Lock { get; } = new(LockRecursionPolicy.NoRecursion);

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

    /// <summary>Runs the transitions that are due and returns the emulated now. Call under the write lock.</summary>
    public DateTimeOffset Advance()
    {
        var now = Clock.UtcNow;
        Scheduler.RunDue(now);
        return now;
    }

    /// <summary>Whether a transition is due, read without the lock so readers take the write lock only when they must.</summary>
    public bool HasDueWork() => Scheduler.NextDue <= Clock.UtcNow;

    /// <summary>Holds the write lock until disposed.</summary>
    public LockScope Write()
    {
        Lock.EnterWriteLock();
        return new LockScope(Lock, write: true);
    }

    /// <summary>Holds the read lock until disposed.</summary>
    public LockScope Read()
    {
        Lock.EnterReadLock();
        return new LockScope(Lock, write: false);
    }

    /// <summary>Checks that a request addresses the emulator's account.</summary>
    /// <exception cref="ApiException">PERMISSION_DENIED for any other account.</exception>
    public void CheckAccount(string accountId)
    {
        if (!string.Equals(accountId, AccountId, StringComparison.Ordinal))
        {
            throw new ApiException(Code.PermissionDenied, $"The API key has no access to account \"{accountId}\" (the emulator hosts only \"accounts/{AccountId}\").");
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
                resource.Invalidate();
            }
        });
    }

    /// <summary>
    /// The requested id after validation, or a fresh one when none was requested. A <c>name</c> in the body must
    /// agree with the requested id (and, alone, chooses it): a conflict is refused rather than one of them winning.
    /// </summary>
    /// <exception cref="ApiException">INVALID_ARGUMENT for a malformed id or a conflict between id and name.</exception>
    public string ChooseId<T>(string? requested, ResourceCollection<T> collection, string? requestedName = null)
        where T : class
    {
        if (!string.IsNullOrEmpty(requestedName))
        {
            var fromName = LocalId(requestedName, collection.Kind.Collection) ?? throw ApiException.InvalidArgument(
                $"The body's name \"{requestedName}\" is not a {collection.Kind.Label} name of this account ({collection.NameOf("<id>")}).");
            if (!string.IsNullOrEmpty(requested) && requested != fromName)
            {
                throw ApiException.InvalidArgument(
                    $"The requested {collection.Kind.Label} id \"{requested}\" and the body's name \"{requestedName}\" disagree; send one, or make them match.");
            }

            requested = fromName;
        }

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

/// <summary>Releases the side of the state lock it was created for.</summary>
internal readonly struct LockScope(ReaderWriterLockSlim stateLock, bool write) : IDisposable
{
    public void Dispose()
    {
        if (write)
        {
            stateLock.ExitWriteLock();
        }
        else
        {
            stateLock.ExitReadLock();
        }
    }
}
