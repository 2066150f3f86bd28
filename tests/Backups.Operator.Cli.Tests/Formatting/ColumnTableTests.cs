using Backups.Operator.Cli.Formatting;

namespace Backups.Operator.Cli.Tests.Formatting;

public sealed class ColumnTableTests
{
    [Fact]
    public void Columns_are_padded_to_the_widest_cell_three_spaces_apart_without_trailing_blanks()
    {
        var text = ColumnTable.Render(["NAME", "STATUS", "SIZE"], [["shop-before-v2", "Available", "0.80 GB"], ["x", "Error (LimitReached)", "-"]]);

        text.Split('\n').Should().Equal(
            "NAME             STATUS                 SIZE",
            "shop-before-v2   Available              0.80 GB",
            "x                Error (LimitReached)   -");
    }

    [Fact]
    public void An_empty_last_column_leaves_no_trailing_spaces() =>
        ColumnTable.Render(["A", "B"], [["long-value", ""]]).Split('\n').Should().AllSatisfy(l => l.Should().Be(l.TrimEnd()));
}
