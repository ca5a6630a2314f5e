namespace ChaosLab.Client.Tests;

/// <summary>Polls a condition until it holds or a generous timeout passes: tests wait for outcomes, not for fixed sleeps.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public static async Task AssertAsync(Func<bool> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {because}");
            }
            await Task.Delay(10);
        }
    }
}
