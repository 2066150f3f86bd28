using System.Buffers;
using System.Text;
using Backups.Operator.ApiServer.Hosting;

namespace Backups.Operator.ApiServer.Tests.Hosting;

/// <summary>%00 in a request line becomes the placeholder Kestrel accepts; nothing else changes.</summary>
public sealed class NulRequestLineRewriterTests
{
    private static string Rewrite(params string[] reads)
    {
        var rewriter = new NulRequestLineRewriter();
        var output = new ArrayBufferWriter<byte>();
        foreach (var read in reads)
        {
            rewriter.Transform(Encoding.UTF8.GetBytes(read), output);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Fact]
    public void A_request_line_with_NUL_gets_the_placeholder_and_the_headers_and_body_stay_as_they_are()
    {
        const string Headers = "Host: x\r\nX-Note: a%00b\r\nContent-Length: 9\r\n\r\n";

        Rewrite("GET /apis/g/v1/namespaces/default/backups/b%00 HTTP/1.1\r\n" + Headers + "{\"a\":\"%00\"}")
            .Should().Be("GET /apis/g/v1/namespaces/default/backups/b%EF%BF%BF HTTP/1.1\r\n" + Headers + "{\"a\":\"%00\"}");
    }

    [Theory]
    [InlineData("GET /a%0 HTTP/1.1\r\n")]
    [InlineData("GET /a%01%%0a%20 HTTP/1.1\r\n")]
    [InlineData("Host: GET /a%00\r\n")]
    [InlineData("get /a%00 HTTP/1.1\r\n")]
    public void Anything_but_percent_00_in_a_request_line_is_unchanged(string text) => Rewrite(text).Should().Be(text);

    [Fact]
    public void Each_request_line_on_a_kept_alive_connection_is_rewritten_and_percent_00_across_two_reads_is_left_alone() =>
        Rewrite("DELETE /x/a%00 HTTP/1.1\r\n\r\nGET /x/b%", "00 HTTP/1.1\r\n\r\n")
            .Should().Be("DELETE /x/a%EF%BF%BF HTTP/1.1\r\n\r\nGET /x/b%00 HTTP/1.1\r\n\r\n");

    [Fact]
    public void The_placeholder_decodes_back_to_NUL() =>
        NulRequestLineRewriter.RestorePath("/x/b" + NulRequestLineRewriter.Placeholder).Should().Be("/x/b\0");
}
