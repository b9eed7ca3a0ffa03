using System.Collections;
using System.Diagnostics;

namespace Fireworks.Tests.Core.Infrastructure;

/// <summary>
/// The in-memory exporter's target for span tests. A tracer provider listens to the SDK's source process-wide, so
/// spans of tests running in parallel are exported into it on their threads while this test reads it; a plain
/// <see cref="List{T}"/> then throws "Collection was modified" (seen in CI). Adds take a lock and every enumeration
/// reads a snapshot.
/// </summary>
public sealed class SpanCollector : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_spans)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_spans)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        Activity[] snapshot;
        lock (_spans)
        {
            snapshot = [.. _spans];
        }

        return ((IEnumerable<Activity>)snapshot).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
