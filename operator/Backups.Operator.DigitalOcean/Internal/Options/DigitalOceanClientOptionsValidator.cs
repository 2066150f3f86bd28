using Microsoft.Extensions.Options;

namespace Backups.Operator.DigitalOcean.Internal.Options;

/// <summary>Rejects settings the client cannot work with, at start-up.</summary>
internal sealed class DigitalOceanClientOptionsValidator : IValidateOptions<DigitalOceanClientOptions>
{
    public ValidateOptionsResult Validate(string? name, DigitalOceanClientOptions options)
    {
        var failures = new List<string>();
        if (options.BaseUrl is null || !options.BaseUrl.IsAbsoluteUri || options.BaseUrl.Scheme is not ("http" or "https"))
        {
            failures.Add("BaseUrl must be an absolute http or https URL.");
        }
        else if (!string.IsNullOrEmpty(options.BaseUrl.Query) || !string.IsNullOrEmpty(options.BaseUrl.Fragment) || !string.IsNullOrEmpty(options.BaseUrl.UserInfo))
        {
            failures.Add("BaseUrl must not have a query, a fragment or user info.");
        }

        Positive(failures, nameof(options.RequestTimeout), options.RequestTimeout, TimeSpan.FromMinutes(10));
        Positive(failures, nameof(options.ConnectTimeout), options.ConnectTimeout, TimeSpan.FromMinutes(5));
        Positive(failures, nameof(options.RetryBaseDelay), options.RetryBaseDelay, TimeSpan.FromMinutes(1));
        Positive(failures, nameof(options.MaxRetryDelay), options.MaxRetryDelay, TimeSpan.FromMinutes(10));
        if (options.MaxRetryDelay < options.RetryBaseDelay)
        {
            failures.Add("MaxRetryDelay must be at least RetryBaseDelay.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add("MaxRetries must be between 0 and 10.");
        }

        if (options.RequestsPerMinute < 1 || options.RequestsPerHour < 1)
        {
            failures.Add("RequestsPerMinute and RequestsPerHour must be at least 1.");
        }

        if (options.RateLimitWindowMargin < TimeSpan.Zero || options.RateLimitWindowMargin > TimeSpan.FromSeconds(30))
        {
            failures.Add("RateLimitWindowMargin must be between 0 and 30 seconds.");
        }

        if (options.MaxPages < 1)
        {
            failures.Add("MaxPages must be at least 1.");
        }

        if (options.PageSize is < 1 or > 200)
        {
            failures.Add("PageSize must be between 1 and 200 (DigitalOcean's maximum per_page).");
        }

        if (options.MaxConnections is < 1 or > 1024)
        {
            failures.Add("MaxConnections must be between 1 and 1024.");
        }

        if (string.IsNullOrWhiteSpace(options.UserAgent))
        {
            failures.Add("UserAgent must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string name, TimeSpan value, TimeSpan max)
    {
        if (value <= TimeSpan.Zero || value > max)
        {
            failures.Add($"{name} must be greater than zero and at most {max}.");
        }
    }
}
