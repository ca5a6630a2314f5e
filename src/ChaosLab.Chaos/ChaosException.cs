namespace ChaosLab.Chaos;

/// <summary>A fault could not be injected, did not take effect, or could not be healed.</summary>
public class ChaosException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A fault's options or target are invalid; raised before anything is touched.</summary>
public class FaultOptionsException(string message) : ChaosException(message);

/// <summary>The target cannot take this fault (e.g. a component fault on plain Docker containers); nothing was touched.</summary>
public sealed class TargetNotSupportedException(string message) : FaultOptionsException(message);
