using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Backups.Operator.Api.Schema;

namespace Backups.Operator.Rules.Naming;

/// <summary>
/// Deterministic names: automatic Backups from their tick, DigitalOcean snapshots, safety Backups of a restore, and
/// label values. Every name stays within its limit; a name that would not fit keeps a readable prefix and gets a
/// short stable hash of the whole original (first 8 hex digits of its SHA-256), so different inputs stay different.
/// </summary>
public static partial class BackupNames
{
    /// <summary>Kubernetes object names (DNS-1123 subdomain).</summary>
    public const int MaxObjectNameLength = 253;

    /// <summary>Kubernetes label values.</summary>
    public const int MaxLabelValueLength = 63;

    /// <summary>
    /// DigitalOcean snapshot names. The API reference documents no limit for a snapshot's name; 255 is the limit it
    /// documents for tag names and the conventional bound, so snapshot names are kept at or under it.
    /// </summary>
    public const int MaxSnapshotNameLength = 255;

    /// <summary>The suffix of a restore's safety backup.</summary>
    public const string SafetyBackupSuffix = "-pre-restore";

    private const int HashLength = 8;

    /// <summary>
    /// <c>&lt;policy&gt;-&lt;yyyyMMdd-HHmm&gt;</c> of the tick in UTC, so a retry or a second replica can never make two
    /// Backups for one tick. Long policy names are shortened to <c>&lt;prefix&gt;-&lt;hash&gt;-&lt;yyyyMMdd-HHmm&gt;</c> (≤ 253).
    /// </summary>
    /// <param name="policyName">The BackupPolicy's name (a DNS-1123 subdomain).</param>
    /// <param name="tick">The schedule tick.</param>
    public static string Automatic(string policyName, DateTimeOffset tick)
    {
        RequireSubdomain(policyName, nameof(policyName));
        var stamp = "-" + tick.UtcDateTime.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return Bounded(policyName, stamp, MaxObjectNameLength);
    }

    /// <summary>
    /// <c>&lt;policy&gt;-verify-&lt;yyyyMMddHHmm&gt;</c> of a verification tick in UTC: one scheduled BackupVerification per
    /// tick, whoever creates it. Long policy names are shortened with a hash (≤ 253).
    /// </summary>
    /// <param name="policyName">The BackupPolicy's name (a DNS-1123 subdomain).</param>
    /// <param name="tick">The verification schedule's tick.</param>
    public static string VerificationRun(string policyName, DateTimeOffset tick)
    {
        RequireSubdomain(policyName, nameof(policyName));
        var stamp = "-verify-" + tick.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
        return Bounded(policyName, stamp, MaxObjectNameLength);
    }

    /// <summary>
    /// The DigitalOcean snapshot name <c>&lt;namespace&gt;-&lt;backup&gt;-&lt;uid[0:8]&gt;</c>: unique (the uid) and
    /// deterministic (a lost API response is recovered by name), at most 255 characters.
    /// </summary>
    /// <param name="namespaceName">The Backup's namespace (a DNS-1123 label).</param>
    /// <param name="backupName">The Backup's name.</param>
    /// <param name="uid">The Backup's <c>metadata.uid</c>.</param>
    public static string Snapshot(string namespaceName, string backupName, string uid)
    {
        RequireSubdomain(namespaceName, nameof(namespaceName));
        RequireSubdomain(backupName, nameof(backupName));
        ArgumentException.ThrowIfNullOrWhiteSpace(uid);
        var uidPrefix = uid.Trim().ToLowerInvariant();
        uidPrefix = uidPrefix[..Math.Min(uidPrefix.Length, 8)];
        return Bounded(namespaceName + "-" + backupName, "-" + uidPrefix, MaxSnapshotNameLength);
    }

    /// <summary>
    /// Whether <paramref name="snapshotName"/> has the form <see cref="Snapshot"/> gives snapshots of Backups in
    /// <paramref name="namespaceName"/>: <c>&lt;namespace&gt;-…-&lt;8 hex digits&gt;</c>, at most 255 characters. A name of
    /// that form is not proof the snapshot is a Backup's (a person may name one so); the orphan sweep also requires the
    /// policy's droplet and that no Backup refers to it.
    /// </summary>
    public static bool IsSnapshotNameOf(string? snapshotName, string namespaceName)
    {
        if (string.IsNullOrEmpty(snapshotName) || string.IsNullOrEmpty(namespaceName) || snapshotName.Length > MaxSnapshotNameLength)
        {
            return false;
        }

        var prefix = namespaceName + "-";
        return snapshotName.Length > prefix.Length + 9
               && snapshotName.StartsWith(prefix, StringComparison.Ordinal)
               && SnapshotSuffixRegex().IsMatch(snapshotName);
    }

    /// <summary>The safety Backup a restore takes first: <c>&lt;restore&gt;-pre-restore</c>, at most 253 characters.</summary>
    /// <param name="restoreName">The BackupRestore's name.</param>
    public static string SafetyBackup(string restoreName)
    {
        RequireSubdomain(restoreName, nameof(restoreName));
        return Bounded(restoreName, SafetyBackupSuffix, MaxObjectNameLength);
    }

    /// <summary>An object name as a label value (≤ 63 characters, label-safe); names that fit are returned unchanged.</summary>
    /// <param name="name">A Kubernetes object name (a DNS-1123 subdomain).</param>
    public static string LabelValue(string name)
    {
        RequireSubdomain(name, nameof(name));
        return Bounded(name, "", MaxLabelValueLength);
    }

    /// <summary>Whether <paramref name="value"/> is a valid Kubernetes object name (DNS-1123 subdomain, ≤ 253).</summary>
    public static bool IsDns1123Subdomain(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxObjectNameLength && Dns1123SubdomainRegex().IsMatch(value);

    /// <summary>Whether <paramref name="value"/> is a valid Kubernetes label value (≤ 63).</summary>
    public static bool IsLabelValue(string? value) =>
        value is not null && value.Length <= MaxLabelValueLength && LabelValueRegex().IsMatch(value);

    private static string Bounded(string prefix, string suffix, int max)
    {
        if (prefix.Length + suffix.Length <= max)
        {
            return prefix + suffix;
        }

        var hash = Hash(prefix);
        var keep = max - suffix.Length - HashLength - 1;
        var head = prefix[..Math.Max(0, keep)].TrimEnd('-', '.');
        return head.Length == 0 ? hash + suffix : head + "-" + hash + suffix;
    }

    private static string Hash(string value)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(value));
        return Convert.ToHexStringLower(digest)[..HashLength];
    }

    private static void RequireSubdomain(string value, string parameterName)
    {
        if (!IsDns1123Subdomain(value))
        {
            throw new ArgumentException($"'{value}' is not a valid Kubernetes name (DNS-1123 subdomain, at most 253 characters).", parameterName);
        }
    }

    [GeneratedRegex(Patterns.Dns1123Subdomain, RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123SubdomainRegex();

    [GeneratedRegex("-[0-9a-f]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex SnapshotSuffixRegex();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValueRegex();
}
