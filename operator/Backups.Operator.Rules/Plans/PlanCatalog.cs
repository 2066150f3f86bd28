using Backups.Operator.Api;
using Cronos;

namespace Backups.Operator.Rules.Plans;

/// <summary>
/// The product's plan table and the resolution of a <see cref="BackupPolicySpec"/> into an <see cref="EffectivePolicy"/>:
/// plan defaults, overrides within their bounds, and a typed validation result instead of exceptions.
/// </summary>
public static class PlanCatalog
{
    /// <summary>Basic: no backups at all.</summary>
    public static PlanDefaults Basic { get; } = new(Plan.Basic, BackupsAllowed: false, Schedule: null, RetainedAutomatic: null);

    /// <summary>Advanced: weekly on Sunday 03:00, 4 automatic backups kept.</summary>
    public static PlanDefaults Advanced { get; } = new(Plan.Advanced, BackupsAllowed: true, Schedule: "0 3 * * 0", RetainedAutomatic: 4);

    /// <summary>Pro: daily at 03:00, 7 automatic backups kept.</summary>
    public static PlanDefaults Pro { get; } = new(Plan.Pro, BackupsAllowed: true, Schedule: "0 3 * * *", RetainedAutomatic: 7);

    // Cronos gives up searching far in the future; a fixed reference keeps "does it ever fire" pure.
    private static readonly DateTimeOffset NeverFiresReference = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The row of the plan table for <paramref name="plan"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined plan.</exception>
    public static PlanDefaults For(Plan plan) => plan switch
    {
        Plan.Basic => Basic,
        Plan.Advanced => Advanced,
        Plan.Pro => Pro,
        _ => throw new ArgumentOutOfRangeException(nameof(plan), plan, "Unknown plan."),
    };

    /// <summary>
    /// Applies the plan's defaults and the spec's overrides. Every field is checked (also on Basic, where the
    /// schedule is then not used), and all problems are returned together.
    /// An empty or whitespace <c>schedule</c> or <c>timeZone</c> counts as not set.
    /// </summary>
    public static PolicyResolution Resolve(BackupPolicySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new List<PolicyValidationError>();

        if (!Enum.IsDefined(spec.Plan))
        {
            errors.Add(new("spec.plan", $"'{(int)spec.Plan}' is not a plan: use Basic, Advanced or Pro."));
            return PolicyResolution.Invalid(errors);
        }

        var defaults = For(spec.Plan);

        var zoneId = string.IsNullOrWhiteSpace(spec.TimeZone) ? PolicyLimits.DefaultTimeZone : spec.TimeZone.Trim();
        var zone = ResolveTimeZone(zoneId, errors);

        var scheduleOverride = string.IsNullOrWhiteSpace(spec.Schedule) ? null : spec.Schedule.Trim();
        var overrideCron = scheduleOverride is null ? null : ParseCron(scheduleOverride, "spec.schedule", errors);

        var retained = spec.Retention?.Automatic;
        CheckRange("spec.retention.automatic", retained, PolicyLimits.MinRetainedAutomatic, PolicyLimits.MaxRetainedAutomatic, errors);
        CheckRange("spec.expireAfterDays", spec.ExpireAfterDays, PolicyLimits.MinExpireAfterDays, PolicyLimits.MaxExpireAfterDays, errors);
        CheckRange("spec.startingDeadlineMinutes", spec.StartingDeadlineMinutes, PolicyLimits.MinStartingDeadlineMinutes, PolicyLimits.MaxStartingDeadlineMinutes, errors);

        if (spec.DeletionPolicy is { } deletionPolicy && !Enum.IsDefined(deletionPolicy))
        {
            errors.Add(new("spec.deletionPolicy", $"'{(int)deletionPolicy}' is not a deletion policy: use Delete or Retain."));
        }

        if (errors.Count > 0 || zone is null)
        {
            return PolicyResolution.Invalid(errors);
        }

        string? schedule = null;
        CronExpression? cron = null;
        if (defaults.BackupsAllowed)
        {
            schedule = scheduleOverride ?? defaults.Schedule!;
            cron = overrideCron ?? CronExpression.Parse(defaults.Schedule!, CronFormat.Standard);
        }

        return PolicyResolution.Valid(new EffectivePolicy
        {
            Plan = spec.Plan,
            BackupsAllowed = defaults.BackupsAllowed,
            Schedule = schedule,
            Cron = cron,
            TimeZoneId = zoneId,
            TimeZone = zone,
            RetainedAutomatic = defaults.BackupsAllowed ? retained ?? defaults.RetainedAutomatic : null,
            ExpireAfterDays = spec.ExpireAfterDays ?? PolicyLimits.DefaultExpireAfterDays,
            StartingDeadlineMinutes = spec.StartingDeadlineMinutes ?? PolicyLimits.DefaultStartingDeadlineMinutes,
            Suspend = spec.Suspend ?? false,
            DeletionPolicy = spec.DeletionPolicy ?? DeletionPolicy.Delete,
        });
    }

    private static TimeZoneInfo? ResolveTimeZone(string zoneId, List<PolicyValidationError> errors)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone) && zone.HasIanaId)
        {
            return zone;
        }

        errors.Add(new("spec.timeZone", $"'{zoneId}' is not a known IANA time zone: use a name such as UTC, Europe/Berlin or America/New_York."));
        return null;
    }

    /// <summary>Parses a five-field cron expression; adds an error naming <paramref name="field"/> when it is not one or never fires.</summary>
    internal static CronExpression? ParseCron(string text, string field, List<PolicyValidationError> errors)
    {
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            errors.Add(new(field, $"'{text}' has {fields.Length} fields: use five (minute hour day-of-month month day-of-week), e.g. \"0 3 * * *\"."));
            return null;
        }

        if (!CronExpression.TryParse(text, CronFormat.Standard, out var cron))
        {
            errors.Add(new(field, $"'{text}' is not a valid cron expression: use five fields (minute hour day-of-month month day-of-week), e.g. \"0 3 * * *\"."));
            return null;
        }

        if (cron.GetNextOccurrence(NeverFiresReference, TimeZoneInfo.Utc) is null)
        {
            errors.Add(new(field, $"'{text}' never fires (e.g. February 30th): choose a date that exists."));
            return null;
        }

        return cron;
    }

    private static void CheckRange(string field, int? value, int min, int max, List<PolicyValidationError> errors)
    {
        if (value is { } v && (v < min || v > max))
        {
            errors.Add(new(field, $"{v} is out of range: use {min}..{max}."));
        }
    }
}
