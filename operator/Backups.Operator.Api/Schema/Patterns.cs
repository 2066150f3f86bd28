namespace Backups.Operator.Api.Schema;

/// <summary>Regular expressions the CRD schemas publish (ECMA-262 compatible, as Kubernetes requires).</summary>
public static class Patterns
{
    /// <summary>A DNS-1123 subdomain: the rule for Kubernetes object names.</summary>
    public const string Dns1123Subdomain = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /// <summary>A five-field cron expression (minute hour day-of-month month day-of-week).</summary>
    public const string FiveFieldCron =
        "^\\s*[0-9*,/\\-]+\\s+[0-9*,/\\-]+\\s+[0-9*,/\\-?LW]+\\s+[0-9A-Za-z*,/\\-]+\\s+[0-9A-Za-z*,/\\-?L#]+\\s*$";

    /// <summary>An IANA time zone name such as <c>UTC</c> or <c>Europe/Berlin</c>.</summary>
    public const string IanaTimeZone = "^[A-Za-z][A-Za-z0-9_+\\-]*(/[A-Za-z0-9_+\\-]+){0,2}$";

    /// <summary>A key in a Secret's data.</summary>
    public const string SecretKey = "^[-._a-zA-Z0-9]+$";

    /// <summary>A condition type: CamelCase, optionally prefixed by a DNS subdomain (as <c>metav1.Condition</c>).</summary>
    public const string ConditionType =
        "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";

    /// <summary>A condition reason: CamelCase (as <c>metav1.Condition</c>).</summary>
    public const string ConditionReason = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";

    /// <summary>A DigitalOcean size slug such as <c>s-1vcpu-1gb</c>.</summary>
    public const string SizeSlug = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /// <summary>An absolute HTTP path (no scheme, no host).</summary>
    public const string HttpPath = "^/[^\\s]*$";
}
