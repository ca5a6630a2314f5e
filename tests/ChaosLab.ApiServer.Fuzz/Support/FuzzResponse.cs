namespace ChaosLab.ApiServer.Fuzz.Support;

/// <summary>What the server answered: the status code and the body (none for a watch that was accepted).</summary>
public sealed record FuzzResponse(int Code, string Body)
{
    public bool IsSuccess => Code is >= 200 and < 300;

    public override string ToString() => $"{Code}: {FuzzRequest.Shorten(Body)}";
}
