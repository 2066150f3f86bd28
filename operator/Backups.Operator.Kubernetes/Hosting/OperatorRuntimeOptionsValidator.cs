using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Kubernetes.Hosting;

/// <summary>
/// Validates <see cref="OperatorRuntimeOptions"/> and its nested options at start-up: data annotations of every part, and
/// the relationships client-go enforces (LeaseDuration &gt; RenewDeadline &gt; 1.2 × RetryPeriod, watch timeouts ordered,
/// distinct ports, a parseable bind address).
/// </summary>
internal sealed class OperatorRuntimeOptionsValidator : IValidateOptions<OperatorRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorRuntimeOptions options)
    {
        var failures = new List<string>();
        Annotations(options, "Operator", failures);
        Annotations(options.LeaderElection, "Operator:LeaderElection", failures);
        Annotations(options.Informers, "Operator:Informers", failures);
        Annotations(options.Events, "Operator:Events", failures);
        Annotations(options.Client, "Operator:Client", failures);
        Annotations(options.WriteExpectations, "Operator:WriteExpectations", failures);

        if (options.BindAddress != "*" && !IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add($"Operator:BindAddress '{options.BindAddress}' is not an IP address.");
        }

        if (options.ServeEndpoints && options.MetricsPort != 0 && options.MetricsPort == options.HealthPort)
        {
            failures.Add("Operator:MetricsPort and Operator:HealthPort must differ.");
        }

        var election = options.LeaderElection;
        if (election.Enabled)
        {
            if (election.LeaseDuration <= election.RenewDeadline)
            {
                failures.Add("Operator:LeaderElection:LeaseDuration must be greater than RenewDeadline.");
            }

            if (election.RenewDeadline <= election.RetryPeriod * 1.2)
            {
                failures.Add("Operator:LeaderElection:RenewDeadline must be greater than 1.2 × RetryPeriod.");
            }
        }

        var informers = options.Informers;
        if (informers.MinWatchTimeout > informers.MaxWatchTimeout)
        {
            failures.Add("Operator:Informers:MinWatchTimeout must not exceed MaxWatchTimeout.");
        }

        if (informers.InitialBackoff > informers.MaxBackoff)
        {
            failures.Add("Operator:Informers:InitialBackoff must not exceed MaxBackoff.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Annotations(object options, string prefix, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{prefix}: {r.ErrorMessage}"));
        }
    }
}
