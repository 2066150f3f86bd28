using System.Globalization;
using System.Reflection;

namespace Backups.Operator.Kubernetes.Status;

/// <summary>
/// Reads and writes the metav1.Condition fields of any condition class by convention: public properties named
/// <c>Type</c>, <c>Status</c>, <c>Reason</c>, <c>Message</c> (strings), <c>LastTransitionTime</c> (DateTime, DateTimeOffset,
/// their nullable forms, or an RFC 3339 string) and optionally <c>ObservedGeneration</c> (long/int, nullable or not).
/// This lets the helpers work on <c>k8s.Models.V1Condition</c> and on API types that must not reference this project.
/// </summary>
public sealed class ConditionAccessor<TCondition>
    where TCondition : class
{
    private static readonly Lazy<ConditionAccessor<TCondition>> Shared = new(() => new ConditionAccessor<TCondition>());

    private readonly PropertyInfo _type;
    private readonly PropertyInfo _status;
    private readonly PropertyInfo _reason;
    private readonly PropertyInfo _message;
    private readonly PropertyInfo _lastTransitionTime;
    private readonly PropertyInfo? _observedGeneration;

    private ConditionAccessor()
    {
        _type = StringProperty("Type");
        _status = StringProperty("Status");
        _reason = StringProperty("Reason");
        _message = StringProperty("Message");
        _lastTransitionTime = Property("LastTransitionTime")
            ?? throw Missing("LastTransitionTime");
        var timeType = Nullable.GetUnderlyingType(_lastTransitionTime.PropertyType) ?? _lastTransitionTime.PropertyType;
        if (timeType != typeof(DateTime) && timeType != typeof(DateTimeOffset) && timeType != typeof(string))
        {
            throw new InvalidOperationException($"{typeof(TCondition)}.LastTransitionTime must be DateTime, DateTimeOffset or string.");
        }

        _observedGeneration = Property("ObservedGeneration");
    }

    public static ConditionAccessor<TCondition> Instance => Shared.Value;

    public string? GetType(TCondition condition) => (string?)_type.GetValue(condition);

    public string? GetStatus(TCondition condition) => (string?)_status.GetValue(condition);

    public string? GetReason(TCondition condition) => (string?)_reason.GetValue(condition);

    public string? GetMessage(TCondition condition) => (string?)_message.GetValue(condition);

    public long? GetObservedGeneration(TCondition condition) =>
        _observedGeneration?.GetValue(condition) is { } value ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;

    public DateTimeOffset? GetLastTransitionTime(TCondition condition) => _lastTransitionTime.GetValue(condition) switch
    {
        DateTime dateTime when dateTime != default => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        DateTimeOffset offset when offset != default => offset,
        string { Length: > 0 } text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        _ => null,
    };

    public void SetStatus(TCondition condition, string? value) => _status.SetValue(condition, value);

    public void SetReason(TCondition condition, string? value) => _reason.SetValue(condition, value);

    public void SetMessage(TCondition condition, string? value) => _message.SetValue(condition, value);

    public void SetObservedGeneration(TCondition condition, long? value)
    {
        if (_observedGeneration is null)
        {
            return;
        }

        var type = Nullable.GetUnderlyingType(_observedGeneration.PropertyType) ?? _observedGeneration.PropertyType;
        object? converted = value is null ? null : Convert.ChangeType(value.Value, type, CultureInfo.InvariantCulture);
        if (converted is null && Nullable.GetUnderlyingType(_observedGeneration.PropertyType) is null)
        {
            converted = Activator.CreateInstance(type);
        }

        _observedGeneration.SetValue(condition, converted);
    }

    public void SetLastTransitionTime(TCondition condition, DateTimeOffset value)
    {
        var type = Nullable.GetUnderlyingType(_lastTransitionTime.PropertyType) ?? _lastTransitionTime.PropertyType;

        // Kubernetes stores RFC 3339 with second precision for metav1.Time.
        var truncated = new DateTimeOffset(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        object converted = type == typeof(DateTime) ? truncated.UtcDateTime
            : type == typeof(DateTimeOffset) ? truncated
            : truncated.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        _lastTransitionTime.SetValue(condition, converted);
    }

    private static PropertyInfo? Property(string name) =>
        typeof(TCondition).GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is { CanRead: true, CanWrite: true } property ? property : null;

    private static PropertyInfo StringProperty(string name)
    {
        var property = Property(name) ?? throw Missing(name);
        return property.PropertyType == typeof(string)
            ? property
            : throw new InvalidOperationException($"{typeof(TCondition)}.{name} must be a string.");
    }

    private static InvalidOperationException Missing(string name) =>
        new($"{typeof(TCondition)} has no public read-write property {name}; it cannot be used as a status condition.");
}
