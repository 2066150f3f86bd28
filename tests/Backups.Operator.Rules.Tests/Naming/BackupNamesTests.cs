using Backups.Operator.Rules.Naming;
using Backups.Operator.Rules.Tests.TestSupport;
using static Backups.Operator.Rules.Tests.TestSupport.Times;

namespace Backups.Operator.Rules.Tests.Naming;

public sealed class BackupNamesTests
{
    [Theory]
    [InlineData("shop", "2026-11-25T03:00:00Z", "shop-20261125-0300")]
    [InlineData("shop", "2026-03-29T01:00:00Z", "shop-20260329-0100")]
    [InlineData("my.shop-1", "2026-01-02T23:59:59Z", "my.shop-1-20260102-2359")]
    public void Automatic_names_come_from_the_utc_tick(string policy, string tick, string expected)
    {
        BackupNames.Automatic(policy, Utc(tick)).Should().Be(expected);
    }

    [Fact]
    public void Automatic_names_use_utc_whatever_the_offset_of_the_tick()
    {
        var tick = new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.FromHours(1));

        BackupNames.Automatic("shop", tick).Should().Be("shop-20261125-0300");
    }

    [Theory]
    [InlineData(239)]
    [InlineData(240)]
    [InlineData(253)]
    public void Automatic_names_of_long_policies_stay_valid_and_distinct(int length)
    {
        var policy = new string('a', length - 1) + "b";
        var other = new string('a', length - 1) + "c";
        var tick = Utc("2026-11-25T03:00:00Z");

        var name = BackupNames.Automatic(policy, tick);

        name.Length.Should().BeLessThanOrEqualTo(253);
        BackupNames.IsDns1123Subdomain(name).Should().BeTrue(name);
        name.Should().EndWith("-20261125-0300");
        name.Should().Be(BackupNames.Automatic(policy, tick), "deterministic");
        name.Should().NotBe(BackupNames.Automatic(other, tick), "the hash tells long names apart");
        if (length + 14 <= 253)
        {
            name.Should().Be(policy + "-20261125-0300", "names that fit are not shortened");
        }
        else
        {
            name.Length.Should().Be(253);
            name.Should().MatchRegex("^a+-[0-9a-f]{8}-20261125-0300$");
        }
    }

    [Fact]
    public void Shortening_never_leaves_a_dot_or_dash_before_the_hash()
    {
        // The cut falls right after "x." / "x-": the separator is trimmed so the name stays a valid subdomain.
        var cut = 253 - 14 - 9;
        foreach (var separator in new[] { '.', '-' })
        {
            var policy = new string('x', cut - 1) + separator + new string('y', 20);
            var name = BackupNames.Automatic(policy, Utc("2026-11-25T03:00:00Z"));
            BackupNames.IsDns1123Subdomain(name).Should().BeTrue(name);
            name.Should().NotContain(separator + "-");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("Shop")]
    [InlineData("shop_1")]
    [InlineData("-shop")]
    [InlineData("shop-")]
    public void Invalid_policy_names_are_a_programming_error(string policy)
    {
        FluentActions.Invoking(() => BackupNames.Automatic(policy, Utc("2026-11-25T03:00:00Z"))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Snapshot_names_are_namespace_backup_and_uid_prefix()
    {
        BackupNames.Snapshot("team-a", "shop-20261125-0300", "3f2504e0-4f89-11d3-9a0c-0305e82c3301")
            .Should().Be("team-a-shop-20261125-0300-3f2504e0");
        BackupNames.Snapshot("team-a", "shop", "ABC").Should().Be("team-a-shop-abc", "a short uid is used whole, lower-cased");
    }

    [Fact]
    public void Snapshot_names_of_the_longest_namespace_and_backup_stay_within_255_and_distinct()
    {
        var ns = new string('n', 63);
        var backup = new string('b', 252) + "1";
        var other = new string('b', 252) + "2";
        const string uid = "0123456789abcdef";

        var name = BackupNames.Snapshot(ns, backup, uid);

        name.Length.Should().Be(BackupNames.MaxSnapshotNameLength);
        name.Should().StartWith(ns + "-bbb");
        name.Should().EndWith("-01234567");
        name.Should().Be(BackupNames.Snapshot(ns, backup, uid));
        name.Should().NotBe(BackupNames.Snapshot(ns, other, uid));
        name.Should().NotBe(BackupNames.Snapshot(ns, backup, "fedcba9876543210"));
    }

    [Theory]
    [InlineData("shop-rollback", "shop-rollback-pre-restore")]
    [InlineData("a", "a-pre-restore")]
    public void Safety_backup_names(string restore, string expected)
    {
        BackupNames.SafetyBackup(restore).Should().Be(expected);
    }

    [Fact]
    public void Safety_backup_names_of_long_restores_stay_valid()
    {
        var restore = new string('r', 253);

        var name = BackupNames.SafetyBackup(restore);

        name.Length.Should().Be(253);
        name.Should().EndWith("-pre-restore");
        BackupNames.IsDns1123Subdomain(name).Should().BeTrue();
        name.Should().NotBe(BackupNames.SafetyBackup(new string('r', 252)));
    }

    [Theory]
    [InlineData("shop")]
    [InlineData("my.shop")]
    public void Label_values_that_fit_are_unchanged(string name)
    {
        BackupNames.LabelValue(name).Should().Be(name);
    }

    [Theory]
    [InlineData(63, false)]
    [InlineData(64, true)]
    [InlineData(253, true)]
    public void Long_names_become_label_safe_values(int length, bool shortened)
    {
        var name = new string('p', length - 2) + ".q";

        var value = BackupNames.LabelValue(name);

        value.Length.Should().BeLessThanOrEqualTo(63);
        BackupNames.IsLabelValue(value).Should().BeTrue(value);
        (value != name).Should().Be(shortened);
        value.Should().Be(BackupNames.LabelValue(name));
        if (shortened)
        {
            value.Should().NotBe(BackupNames.LabelValue(new string('p', length - 2) + ".r"));
        }
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("a.b-c", true)]
    [InlineData("A", false)]
    [InlineData("a_b", false)]
    [InlineData("a..b", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Dns1123_subdomain_check(string? value, bool valid)
    {
        BackupNames.IsDns1123Subdomain(value).Should().Be(valid);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("Ab_c.d-9", true)]
    [InlineData("-a", false)]
    [InlineData("a_", false)]
    [InlineData("a/b", false)]
    [InlineData(null, false)]
    public void Label_value_check(string? value, bool valid)
    {
        BackupNames.IsLabelValue(value).Should().Be(valid);
        BackupNames.IsLabelValue(new string('a', 64)).Should().BeFalse();
    }

    [Fact]
    public void Random_names_are_always_valid_bounded_and_deterministic()
    {
        var random = new Random(RandomCases.Seed + 4);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-.";
        var cases = RandomCases.Count(5000);
        for (var i = 0; i < cases; i++)
        {
            var name = RandomSubdomain(random, alphabet, random.Next(1, 254));
            var ns = RandomSubdomain(random, "abcdefghijklmnopqrstuvwxyz0123456789-", random.Next(1, 64));
            var tick = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) + TimeSpan.FromMinutes(random.Next(0, 525600));

            var automatic = BackupNames.Automatic(name, tick);
            BackupNames.IsDns1123Subdomain(automatic).Should().BeTrue($"case {i}: {automatic}");
            automatic.Should().EndWith(tick.ToString("-yyyyMMdd-HHmm", System.Globalization.CultureInfo.InvariantCulture));

            var snapshot = BackupNames.Snapshot(ns, automatic, Guid.NewGuid().ToString());
            snapshot.Length.Should().BeLessThanOrEqualTo(255, $"case {i}");

            var label = BackupNames.LabelValue(name);
            BackupNames.IsLabelValue(label).Should().BeTrue($"case {i}: {label}");

            var safety = BackupNames.SafetyBackup(name);
            BackupNames.IsDns1123Subdomain(safety).Should().BeTrue($"case {i}: {safety}");
        }
    }

    private static string RandomSubdomain(Random random, string alphabet, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        // Every label starts and ends alphanumeric.
        var text = new string(chars);
        text = System.Text.RegularExpressions.Regex.Replace(text, "[-.]*\\.[-.]*", ".");
        text = System.Text.RegularExpressions.Regex.Replace(text, "-+\\.|\\.-+", ".");
        text = text.Trim('-', '.');
        return text.Length == 0 ? "x" : text;
    }

    [Fact]
    public void Every_snapshot_name_the_operator_makes_is_recognised_as_its_namespaces()
    {
        var uid = "1a2b3c4d-0000-4000-8000-000000000000";
        BackupNames.IsSnapshotNameOf(BackupNames.Snapshot("team-a", "shop-20261125-0300", uid), "team-a").Should().BeTrue();
        BackupNames.IsSnapshotNameOf(BackupNames.Snapshot("team-a", new string('b', 253), uid), "team-a").Should().BeTrue("shortened names keep the namespace and the uid");
        BackupNames.IsSnapshotNameOf(BackupNames.Snapshot("team-a", "shop", uid), "team-b").Should().BeFalse();
    }

    [Theory]
    [InlineData("before-upgrade")]
    [InlineData("team-a")]
    [InlineData("team-a-1a2b3c4d")]
    [InlineData("team-a-shop-1A2B3C4D")]
    [InlineData("team-a-shop-1a2b3c4")]
    [InlineData("other-team-a-shop-1a2b3c4d")]
    [InlineData("")]
    public void Snapshot_names_without_the_operators_form_are_not_recognised(string name) =>
        BackupNames.IsSnapshotNameOf(name, "team-a").Should().BeFalse();
}
