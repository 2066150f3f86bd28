using System.Diagnostics.CodeAnalysis;

namespace Backups.Operator.DigitalOcean.Results;

/// <summary>The typed outcome of a DigitalOcean call: a value on <see cref="DoResultKind.Ok"/>, otherwise the kind of failure,
/// DigitalOcean's error and, for <see cref="DoResultKind.RateLimited"/> (and sometimes others), when to try again.</summary>
public sealed class DoResult<T>
{
    private DoResult(DoResultKind kind, T? value, DoError? error, TimeSpan? retryAfter)
    {
        Kind = kind;
        Value = value;
        Error = error;
        RetryAfter = retryAfter;
    }

    public DoResultKind Kind { get; }

    /// <summary>Set when <see cref="IsOk"/>.</summary>
    public T? Value { get; }

    /// <summary>Set when not <see cref="IsOk"/>.</summary>
    public DoError? Error { get; }

    /// <summary>How long to wait before trying again (429 <c>retry-after</c>, <c>ratelimit-reset</c>, or the limiter's estimate).</summary>
    public TimeSpan? RetryAfter { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Kind == DoResultKind.Ok;

    public static DoResult<T> Ok(T value) => new(DoResultKind.Ok, value, null, null);

    public static DoResult<T> Failure(DoResultKind kind, DoError error, TimeSpan? retryAfter = null)
    {
        if (kind == DoResultKind.Ok)
        {
            throw new ArgumentException("A failure cannot have kind Ok.", nameof(kind));
        }

        return new(kind, default, error, retryAfter);
    }

    /// <summary>The same failure for another value type (for composing calls).</summary>
    public DoResult<TOther> CastFailure<TOther>()
    {
        if (IsOk)
        {
            throw new InvalidOperationException("An Ok result has no failure to cast.");
        }

        return DoResult<TOther>.Failure(Kind, Error, RetryAfter);
    }

    public override string ToString() => IsOk ? $"Ok({Value})" : $"{Kind}({Error})";
}
