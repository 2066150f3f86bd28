using Backups.Operator.Chaos.Campaign;
using Backups.Operator.Chaos.Matrix;

namespace Backups.Operator.Chaos.Reporting;

/// <summary>What a <c>make chaos</c> run hands to <see cref="ChaosReport"/>: its command, times, machine and outcomes.</summary>
public sealed record ChaosRun
{
    public required string Command { get; init; }

    public required DateTimeOffset Started { get; init; }

    public required DateTimeOffset Finished { get; init; }

    /// <summary>The machine as the run saw it: cores, OS, .NET and the load average at the start and at the end.</summary>
    public required string Machine { get; init; }

    public KillCampaignResult? Campaign { get; init; }

    /// <summary>Why the campaign ended without a result (an exception), when it did.</summary>
    public string? CampaignFailure { get; init; }

    public IReadOnlyList<FaultRowResult> Matrix { get; init; } = [];

    public string? MatrixFailure { get; init; }

    /// <summary>The program's last line: <c>chaos: N kills, V violations</c> (a row that did not converge and a failed part count as violations).</summary>
    public required string SummaryLine { get; init; }
}
