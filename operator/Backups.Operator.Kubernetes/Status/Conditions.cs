namespace Backups.Operator.Kubernetes.Status;

/// <summary>
/// apimachinery's <c>meta.SetStatusCondition</c> family over any condition class (see <see cref="ConditionAccessor{TCondition}"/>).
/// <c>lastTransitionTime</c> changes only when <c>status</c> changes.
/// </summary>
public static class Conditions
{
    private const string True = "True";
    private const string False = "False";

    /// <summary>
    /// Adds <paramref name="condition"/>, or updates the existing one of its type. Returns true when anything changed.
    /// A new condition without a lastTransitionTime gets now; an existing one keeps its time unless the status changed.
    /// </summary>
    public static bool SetStatusCondition<TCondition>(IList<TCondition> conditions, TCondition condition, TimeProvider timeProvider)
        where TCondition : class
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(condition);
        var accessor = ConditionAccessor<TCondition>.Instance;
        var type = accessor.GetType(condition);
        ArgumentException.ThrowIfNullOrEmpty(type, "condition.Type");

        var existing = FindStatusCondition(conditions, type);
        if (existing is null)
        {
            if (accessor.GetLastTransitionTime(condition) is null)
            {
                accessor.SetLastTransitionTime(condition, timeProvider.GetUtcNow());
            }

            conditions.Add(condition);
            return true;
        }

        var changed = false;
        if (accessor.GetStatus(existing) != accessor.GetStatus(condition))
        {
            accessor.SetStatus(existing, accessor.GetStatus(condition));
            accessor.SetLastTransitionTime(existing, accessor.GetLastTransitionTime(condition) ?? timeProvider.GetUtcNow());
            changed = true;
        }

        if (accessor.GetReason(existing) != accessor.GetReason(condition))
        {
            accessor.SetReason(existing, accessor.GetReason(condition));
            changed = true;
        }

        if (accessor.GetMessage(existing) != accessor.GetMessage(condition))
        {
            accessor.SetMessage(existing, accessor.GetMessage(condition));
            changed = true;
        }

        if (accessor.GetObservedGeneration(existing) != accessor.GetObservedGeneration(condition))
        {
            accessor.SetObservedGeneration(existing, accessor.GetObservedGeneration(condition));
            changed = true;
        }

        return changed;
    }

    /// <summary>Removes the condition of <paramref name="type"/>; true when one was removed.</summary>
    public static bool RemoveStatusCondition<TCondition>(IList<TCondition> conditions, string type)
        where TCondition : class
    {
        var existing = FindStatusCondition(conditions, type);
        return existing is not null && conditions.Remove(existing);
    }

    public static TCondition? FindStatusCondition<TCondition>(IEnumerable<TCondition>? conditions, string type)
        where TCondition : class
    {
        if (conditions is null)
        {
            return null;
        }

        var accessor = ConditionAccessor<TCondition>.Instance;
        return conditions.FirstOrDefault(c => accessor.GetType(c) == type);
    }

    public static bool IsStatusConditionTrue<TCondition>(IEnumerable<TCondition>? conditions, string type)
        where TCondition : class => IsStatusConditionPresentAndEqual(conditions, type, True);

    public static bool IsStatusConditionFalse<TCondition>(IEnumerable<TCondition>? conditions, string type)
        where TCondition : class => IsStatusConditionPresentAndEqual(conditions, type, False);

    public static bool IsStatusConditionPresentAndEqual<TCondition>(IEnumerable<TCondition>? conditions, string type, string status)
        where TCondition : class =>
        FindStatusCondition(conditions, type) is { } condition && ConditionAccessor<TCondition>.Instance.GetStatus(condition) == status;
}
