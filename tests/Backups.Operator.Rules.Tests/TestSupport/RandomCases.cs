using System.Globalization;

namespace Backups.Operator.Rules.Tests.TestSupport;

/// <summary>
/// How many randomized cases the property tests run, and their seed. Each test has a default count that runs in
/// about a second; <c>RULES_RANDOM_SCALE</c> multiplies every count (e.g. <c>RULES_RANDOM_SCALE=10</c> for a long
/// run, <c>0.1</c> for a quick one) and <c>RULES_RANDOM_SEED</c> replaces the fixed seed.
/// </summary>
internal static class RandomCases
{
    public const int DefaultSeed = 20261126;

    public static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("RULES_RANDOM_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : DefaultSeed;

    public static double Scale =>
        double.TryParse(Environment.GetEnvironmentVariable("RULES_RANDOM_SCALE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale > 0
            ? scale
            : 1.0;

    /// <summary>The number of cases for a test whose default is <paramref name="defaultCount"/>.</summary>
    public static int Count(int defaultCount) => Math.Max(1, (int)Math.Round(defaultCount * Scale));
}
