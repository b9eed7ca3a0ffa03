namespace Fireworks.Emulator;

/// <summary>
/// How long each emulated state transition takes, in emulated time (divide by
/// <see cref="EmulatorOptions.TimeScale"/> for real time). The defaults are in the range the real service shows.
/// </summary>
public sealed record EmulatorTimings
{
    /// <summary>A dataset stays UPLOADING this long before READY. Default 30 s.</summary>
    public TimeSpan DatasetUpload { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A model stays UPLOADING this long before READY. Default 1 min.</summary>
    public TimeSpan ModelUpload { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A deployment stays CREATING this long before READY (also after an undelete). Default 5 min.</summary>
    public TimeSpan DeploymentCreate { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A deployment stays UPDATING this long after a scale or an update that changes its serving. Default 1 min.</summary>
    public TimeSpan DeploymentUpdate { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a soft-deleted deployment is kept (and can be undeleted) before it is purged. Default 7 days.</summary>
    public TimeSpan DeletedDeploymentRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>A fine-tuning job stays CREATING this long before PENDING. Default 30 s.</summary>
    public TimeSpan JobProvisioning { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A job stays PENDING (queued for accelerators) this long before RUNNING. Default 2 min.</summary>
    public TimeSpan JobQueue { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>A fine-tuning job (or a trainer job without keep-alive) trains this long before COMPLETED. Default 20 min.</summary>
    public TimeSpan JobTraining { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>One <c>executeTrainStep</c> of a keep-alive trainer job takes this long; its output model is READY then. Default 1 min.</summary>
    public TimeSpan TrainStep { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>An evaluator stays BUILDING this long before ACTIVE. Default 2 min.</summary>
    public TimeSpan EvaluatorBuild { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The least time a hot-load snapshot spends downloading before replicas start swapping. Default 20 s.</summary>
    public TimeSpan HotLoadDownload { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long one replica takes to swap weights; replicas swap one after another. Default 10 s.</summary>
    public TimeSpan HotLoadSwap { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Rejects negative durations with a message naming the setting.</summary>
    internal void Validate()
    {
        Check(DatasetUpload, nameof(DatasetUpload));
        Check(ModelUpload, nameof(ModelUpload));
        Check(DeploymentCreate, nameof(DeploymentCreate));
        Check(DeploymentUpdate, nameof(DeploymentUpdate));
        Check(DeletedDeploymentRetention, nameof(DeletedDeploymentRetention));
        Check(JobProvisioning, nameof(JobProvisioning));
        Check(JobQueue, nameof(JobQueue));
        Check(JobTraining, nameof(JobTraining));
        Check(TrainStep, nameof(TrainStep));
        Check(EvaluatorBuild, nameof(EvaluatorBuild));
        Check(HotLoadDownload, nameof(HotLoadDownload));
        Check(HotLoadSwap, nameof(HotLoadSwap));
    }

    private static void Check(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Timings.{name} must not be negative.");
        }
    }
}
