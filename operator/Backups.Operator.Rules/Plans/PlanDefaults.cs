using Backups.Operator.Api;

namespace Backups.Operator.Rules.Plans;

/// <summary>One row of the product's plan table.</summary>
/// <param name="Plan">The plan.</param>
/// <param name="BackupsAllowed">Whether the plan allows backups at all (automatic and manual).</param>
/// <param name="Schedule">The default five-field cron schedule, read in UTC unless overridden; <see langword="null"/> without backups.</param>
/// <param name="RetainedAutomatic">How many Available automatic backups are kept; <see langword="null"/> without backups.</param>
public sealed record PlanDefaults(Plan Plan, bool BackupsAllowed, string? Schedule, int? RetainedAutomatic);
