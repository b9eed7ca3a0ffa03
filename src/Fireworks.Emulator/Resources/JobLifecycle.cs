using Fireworks.Models;

namespace Fireworks.Emulator;

/// <summary>How the job lifecycle reads and writes one job type (the generated job types share no interface).</summary>
internal sealed record JobAccessors<T>(
    Func<T, JobState?> GetState,
    Action<T, JobState> SetState,
    Action<T, JobProgress?> SetProgress,
    Func<T, JobProgress?> GetProgress,
    Action<T, DateTimeOffset?> SetCompletedTime,
    Action<T, DateTimeOffset> Touch,
    Func<T, int> Epochs,
    Func<T, string?> OutputModel,
    Func<T, int?> LoraRank)
    where T : class;

/// <summary>
/// The state machine shared by training jobs: [CREATING →] PENDING → RUNNING → COMPLETED, with
/// <c>jobProgress.percent</c> and <c>epoch</c> advancing one percent at a time while RUNNING, <c>:cancel</c> →
/// CANCELLED and <c>:resume</c> → PENDING again (continuing from the progress reached). A job for which
/// the <c>trainsToCompletion</c> predicate is false (keep-alive trainers) stays RUNNING until cancelled.
/// </summary>
internal sealed class JobLifecycle<T>
    where T : class
{
    private static readonly HashSet<JobState> Cancellable =
        [JobState.Creating, JobState.Pending, JobState.Running, JobState.Idle, JobState.Paused, JobState.ReQueueing, JobState.Validating];

    private static readonly HashSet<JobState> Resumable =
        [JobState.Cancelled, JobState.Failed, JobState.Paused, JobState.Idle, JobState.Expired];

    private readonly EmulatorState state;
    private readonly ResourceCollection<T> collection;
    private readonly JobAccessors<T> job;
    private readonly Func<T, bool> trainsToCompletion;

    public JobLifecycle(EmulatorState state, ResourceCollection<T> collection, JobAccessors<T> accessors, Func<T, bool> trainsToCompletion)
    {
        this.state = state;
        this.collection = collection;
        job = accessors;
        this.trainsToCompletion = trainsToCompletion;
    }

    /// <summary>Starts a new job in <paramref name="initial"/> (CREATING or PENDING).</summary>
    public void Start(StoredResource<T> stored, JobState initial, DateTimeOffset now)
    {
        stored.NextGeneration();
        Enter(stored, initial, now);
    }

    /// <exception cref="ApiException">FAILED_PRECONDITION when the job already ended.</exception>
    public void Cancel(StoredResource<T> stored, DateTimeOffset now)
    {
        var current = job.GetState(stored.Value) ?? JobState.Unspecified;
        if (!Cancellable.Contains(current))
        {
            throw ApiException.FailedPrecondition(
                $"{collection.Kind.Label} \"{collection.NameOf(stored.Id)}\" is {current} and cannot be cancelled.");
        }

        stored.NextGeneration();
        job.SetState(stored.Value, JobState.Cancelled);
        job.Touch(stored.Value, now);
    }

    /// <exception cref="ApiException">FAILED_PRECONDITION unless the job is cancelled, failed, paused, idle or expired.</exception>
    public void Resume(StoredResource<T> stored, DateTimeOffset now)
    {
        var current = job.GetState(stored.Value) ?? JobState.Unspecified;
        if (!Resumable.Contains(current))
        {
            throw ApiException.FailedPrecondition(
                $"{collection.Kind.Label} \"{collection.NameOf(stored.Id)}\" is {current}; only a cancelled, failed, paused, idle or expired job can be resumed.");
        }

        stored.NextGeneration();
        job.SetCompletedTime(stored.Value, null);
        Enter(stored, JobState.Pending, now);
    }

    private void Enter(StoredResource<T> stored, JobState next, DateTimeOffset at)
    {
        job.SetState(stored.Value, next);
        job.Touch(stored.Value, at);
        switch (next.ToString())
        {
            case JobState.WireValues.Creating:
                state.Schedule(collection, stored, at + state.Timings.JobProvisioning, (_, due) => Enter(stored, JobState.Pending, due));
                break;
            case JobState.WireValues.Pending:
                state.Schedule(collection, stored, at + state.Timings.JobQueue, (_, due) => Enter(stored, JobState.Running, due));
                break;
            case JobState.WireValues.Running when trainsToCompletion(stored.Value):
                ScheduleProgress(stored, at);
                break;
        }
    }

    private void ScheduleProgress(StoredResource<T> stored, DateTimeOffset runningSince)
    {
        var startPercent = job.GetProgress(stored.Value)?.Percent ?? 0;
        var epochs = Math.Max(1, job.Epochs(stored.Value));
        var perPercent = state.Timings.JobTraining / 100;
        SetProgress(stored.Value, startPercent, epochs);
        for (var percent = startPercent + 1; percent <= 100; percent++)
        {
            var reached = percent;
            state.Schedule(collection, stored, runningSince + (perPercent * (percent - startPercent)), (value, due) =>
            {
                SetProgress(value, reached, epochs);
                job.Touch(value, due);
                if (reached == 100)
                {
                    job.SetState(value, JobState.Completed);
                    job.SetCompletedTime(value, due);
                    ModelsApi.EnsureTrainingOutput(state, job.OutputModel(value), collection.NameOf(stored.Id), job.LoraRank(value), due, due);
                }
            });
        }
    }

    private void SetProgress(T value, int percent, int epochs)
    {
        var progress = job.GetProgress(value) ?? new JobProgress();
        progress.Percent = percent;
        // Epochs are numbered from 1; the last one runs until 100%.
        progress.Epoch = Math.Min(epochs, 1 + (percent * epochs / 100));
        job.SetProgress(value, progress);
    }
}
