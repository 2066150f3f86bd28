using Xunit.Sdk;

namespace Backups.Operator.Rules.Tests.TestSupport;

/// <summary>
/// Cheap assertions for the randomized tests: the failure message (the whole random case) is only built when an
/// invariant is violated, so hundreds of thousands of checks run in about a second.
/// </summary>
internal static class Invariant
{
    public static void That(bool condition, string rule, Func<string> context)
    {
        if (!condition)
        {
            throw new XunitException($"Invariant violated: {rule}.{Environment.NewLine}{context()}");
        }
    }
}
