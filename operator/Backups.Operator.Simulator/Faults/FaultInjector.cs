namespace Backups.Operator.Simulator.Faults;

/// <summary>The active fault rules. Rules are tried in the order they were added; the first that matches applies.</summary>
public sealed class FaultInjector
{
    /// <summary>Operations that create an action (the only ones <see cref="FaultKind.ErroredAction"/> applies to).</summary>
    internal static readonly IReadOnlySet<string> ActionOperations = new HashSet<string>(StringComparer.Ordinal) { "snapshot_droplet", "rebuild_droplet", "create_droplet" };

    private readonly Lock _lock = new();
    private readonly List<FaultRule> _rules = [];
    private readonly Random _random;
    private int _nextId = 1;

    public FaultInjector(int? randomSeed = null)
    {
        _random = randomSeed is { } seed ? new Random(seed) : new Random();
    }

    /// <summary>Adds a rule and returns it with its id.</summary>
    public FaultRule Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (string.IsNullOrWhiteSpace(rule.Operation))
        {
            throw new ArgumentException("Operation must be an operation name or '*'.", nameof(rule));
        }

        if (rule.Count is < 1 || !(rule.Probability > 0 && rule.Probability <= 1))
        {
            throw new ArgumentException("Count must be >= 1 (or absent) and Probability in (0, 1].", nameof(rule));
        }

        if (rule.Kind == FaultKind.HttpError && rule.StatusCode is < 500 or > 599)
        {
            throw new ArgumentException("StatusCode of an HTTP error fault must be 500..599.", nameof(rule));
        }

        if (rule.DelaySeconds < 0 || rule.RetryAfterSeconds < 0)
        {
            throw new ArgumentException("DelaySeconds and RetryAfterSeconds must be >= 0.", nameof(rule));
        }

        lock (_lock)
        {
            var added = rule with { Id = _nextId++ };
            _rules.Add(added);
            return added;
        }
    }

    public IReadOnlyList<FaultRule> List()
    {
        lock (_lock)
        {
            return [.. _rules];
        }
    }

    public bool Remove(int id)
    {
        lock (_lock)
        {
            return _rules.RemoveAll(r => r.Id == id) > 0;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    /// <summary>The rule that hits this request (its count is consumed), or null.</summary>
    internal FaultRule? Match(string operation, long? dropletId)
    {
        lock (_lock)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var rule = _rules[i];
                if ((rule.Operation != "*" && !string.Equals(rule.Operation, operation, StringComparison.Ordinal))
                    || (rule.DropletId is { } id && id != dropletId)
                    || (rule.Kind == FaultKind.ErroredAction && !ActionOperations.Contains(operation)))
                {
                    continue;
                }

                if (rule.Probability < 1 && _random.NextDouble() >= rule.Probability)
                {
                    continue;
                }

                if (rule.Count is { } count)
                {
                    if (count <= 1)
                    {
                        _rules.RemoveAt(i);
                    }
                    else
                    {
                        _rules[i] = rule with { Count = count - 1 };
                    }
                }

                return rule;
            }

            return null;
        }
    }
}
