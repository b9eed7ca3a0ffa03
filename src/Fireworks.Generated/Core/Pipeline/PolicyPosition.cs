namespace Fireworks;

/// <summary>Where a caller's <see cref="FireworksPolicy"/> runs in the pipeline.</summary>
public enum PolicyPosition
{
    /// <summary>Once per call, after the call timeout starts and before the retries: it sees the final outcome.</summary>
    PerCall,

    /// <summary>For every attempt, after authentication and logging, just before the answer is mapped: it sees each attempt's response.</summary>
    PerTry,
}
