namespace Backups.Operator.Kubernetes.Informers;

/// <summary>
/// One shared instance per distinct string (a bounded <see cref="string.Intern"/> that can be dropped): strings longer than
/// <see cref="MaxLength"/> are returned as they are, and the pool stops growing at <see cref="MaxCount"/> entries, so
/// unusual input cannot make it grow without bound.
/// </summary>
internal sealed class StringPool
{
    public const int MaxLength = 256;
    public const int MaxCount = 100_000;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);

    public string? Share(string? value)
    {
        if (value is null || value.Length > MaxLength)
        {
            return value;
        }

        lock (_gate)
        {
            if (_strings.TryGetValue(value, out var shared))
            {
                return shared;
            }

            if (_strings.Count < MaxCount)
            {
                _strings.Add(value);
            }

            return value;
        }
    }
}
