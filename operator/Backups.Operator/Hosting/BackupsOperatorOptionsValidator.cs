using System.ComponentModel.DataAnnotations;
using Backups.Operator.Configuration;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Hosting;

/// <summary>Validates <see cref="BackupsOperatorOptions"/> at start-up: its data annotations and the ordering of its durations.</summary>
internal sealed class BackupsOperatorOptionsValidator : IValidateOptions<BackupsOperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, BackupsOperatorOptions options)
    {
        var failures = new List<string>();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{BackupsOperatorOptions.SectionName}: {r.ErrorMessage}"));
        }

        if (options.SlowAfter <= TimeSpan.Zero)
        {
            failures.Add($"{BackupsOperatorOptions.SectionName}:SlowAfter must be positive.");
        }

        if (options.CreationTimeout <= options.SlowAfter)
        {
            failures.Add($"{BackupsOperatorOptions.SectionName}:CreationTimeout must be longer than SlowAfter.");
        }

        if (options.OrphanSnapshotGracePeriod < TimeSpan.FromHours(1))
        {
            failures.Add($"{BackupsOperatorOptions.SectionName}:OrphanSnapshotGracePeriod must be at least one hour (a snapshot being made is never an orphan for longer than its creation timeout).");
        }

        if (options.SnapshotCheckInterval < TimeSpan.FromMinutes(1))
        {
            failures.Add($"{BackupsOperatorOptions.SectionName}:SnapshotCheckInterval must be at least one minute.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
