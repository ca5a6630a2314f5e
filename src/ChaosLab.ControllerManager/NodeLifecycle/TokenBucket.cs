namespace ChaosLab.ControllerManager.NodeLifecycle;

/// <summary>
/// client-go's token bucket with burst 1, driven by explicit times so it can be tested: one token per
/// 1/rate seconds, at most one saved up. A rate of 0 never gives a token.
/// </summary>
internal sealed class TokenBucket
{
    private double _tokens;
    private DateTimeOffset _last;

    public TokenBucket(double rate, DateTimeOffset now, bool startFull = true)
    {
        Rate = rate;
        _tokens = startFull && rate > 0 ? 1 : 0;
        _last = now;
    }

    public double Rate { get; }

    public bool TryAccept(DateTimeOffset now)
    {
        if (Rate <= 0)
        {
            return false;
        }
        _tokens = Math.Min(1, _tokens + (now - _last).TotalSeconds * Rate);
        _last = now;
        if (_tokens < 1)
        {
            return false;
        }
        _tokens -= 1;
        return true;
    }
}
