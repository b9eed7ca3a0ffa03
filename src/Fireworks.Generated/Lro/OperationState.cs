namespace Fireworks;

/// <summary>Where a google.longrunning.Operation stands (its <c>done</c> and <c>error</c> fields).</summary>
public enum OperationState
{
    /// <summary>Not done yet.</summary>
    Running = 0,

    /// <summary>Done with a response (or with no error).</summary>
    Succeeded = 1,

    /// <summary>Done with an error.</summary>
    Failed = 2,
}

/// <summary>Hand-written classifications alongside the generated ones.</summary>
public static partial class ResourceStates
{
    /// <summary>Classifies an <see cref="OperationState"/>.</summary>
    /// <param name="state">The state.</param>
    /// <returns>Its class.</returns>
    public static StateClass Classify(OperationState state) => state switch
    {
        OperationState.Succeeded => StateClass.Success,
        OperationState.Failed => StateClass.Failure,
        _ => StateClass.Transient,
    };
}
