using System.Buffers;

namespace Backups.Operator.ApiServer.Hosting;

/// <summary>
/// Kestrel refuses a request whose decoded path holds NUL (<c>%00</c>) with a bare 400 before any handler runs, while
/// the real API server decodes it and answers like for any other name (a GET of <c>b%00</c> is a 404 Status, so
/// <c>kubectl apply</c> goes on to POST and shows the <c>metadata.name</c> refusal). This rewrites <c>%00</c> in HTTP/1.x
/// request lines (a line that starts with an upper-case method, a space and '/') to <see cref="PlaceholderEncoded"/>;
/// <see cref="RestorePath"/> turns the placeholder back into NUL once Kestrel has decoded the path.
/// Headers and bodies are never touched (no line of theirs starts with a method and " /"), and no byte is held back
/// between reads: a <c>%00</c> split across two reads is left alone (Kestrel's 400 again, never a stall).
/// </summary>
internal sealed class NulRequestLineRewriter
{
    /// <summary>U+FFFF, a Unicode noncharacter: never part of a name a client means.</summary>
    public const char Placeholder = '\uFFFF';

    public static ReadOnlySpan<byte> PlaceholderEncoded => "%EF%BF%BF"u8;

    private const int MaxMethodLength = 16;

    private LineState _state = LineState.Method;
    private int _methodLength;
    private bool _inRequestLine;
    private int _percentMatched;

    private enum LineState
    {
        Method,
        AfterMethod,
        Rest,
    }

    /// <summary>The request path as the real server sees it: the placeholder back to NUL.</summary>
    public static string RestorePath(string path) => path.Replace(Placeholder, '\0');

    public void Transform(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        foreach (var b in input)
        {
            if (_percentMatched > 0)
            {
                if (b == (byte)'0' && _percentMatched == 1)
                {
                    _percentMatched = 2;
                    continue;
                }

                if (b == (byte)'0')
                {
                    output.Write(PlaceholderEncoded);
                    _percentMatched = 0;
                    continue;
                }

                FlushPercent(output);
            }

            if (_inRequestLine && b == (byte)'%')
            {
                _percentMatched = 1;
                continue;
            }

            output.Write([b]);
            Track(b);
        }

        FlushPercent(output);
    }

    private void Track(byte b)
    {
        if (b == (byte)'\n')
        {
            _state = LineState.Method;
            _methodLength = 0;
            _inRequestLine = false;
            return;
        }

        switch (_state)
        {
            case LineState.Method when b is >= (byte)'A' and <= (byte)'Z' && _methodLength < MaxMethodLength:
                _methodLength++;
                break;
            case LineState.Method when b == (byte)' ' && _methodLength > 0:
                _state = LineState.AfterMethod;
                break;
            case LineState.AfterMethod:
                _inRequestLine = b == (byte)'/';
                _state = LineState.Rest;
                break;
            case LineState.Method:
                _state = LineState.Rest;
                break;
            default:
                break;
        }
    }

    private void FlushPercent(IBufferWriter<byte> output)
    {
        if (_percentMatched > 0)
        {
            output.Write(_percentMatched == 1 ? "%"u8 : "%0"u8);
            _percentMatched = 0;
        }
    }
}
