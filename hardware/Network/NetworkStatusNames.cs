namespace NanoWs.Hardware
{
    /// <summary>
    /// Names of nanoFramework's <c>NetworkHelperStatus</c> values for the debug output: on
    /// nanoFramework <c>Enum.ToString()</c> prints the number, so <see cref="NetworkLink"/> prints
    /// <c>network: not connected (TokenExpiredWaitingIPAddress)</c> through this table instead of
    /// <c>(4)</c>. mscorlib only.
    /// </summary>
    /// <remarks>
    /// Values in the order of nanoframework/System.Net
    /// nanoFramework.System.Net/NetworkHelper/NetworkHelperStatus.cs @ 713b02c9fea5 (v1.11.54), as
    /// in the reference stub eng/NanoFrameworkStubs/SystemNet/NetworkInformation.cs.
    /// </remarks>
    internal static class NetworkStatusNames
    {
        /// <summary>The name of the status whose value is <paramref name="status"/>, or "status N" for a value this table does not know.</summary>
        /// <param name="status">A <c>NetworkHelperStatus</c> value cast to int.</param>
        /// <returns>The name.</returns>
        internal static string Name(int status)
        {
            switch (status)
            {
                case 0: return "None";
                case 1: return "Started";
                case 2: return "NetworkIsReady";
                case 3: return "FailedNoNetworkInterface";
                case 4: return "TokenExpiredWaitingIPAddress";
                case 5: return "TokenExpiredWaitingDateTime";
                case 6: return "ErrorConnetingToWiFiWhileScanning";
                case 7: return "ExceptionOccurred";
                case 8: return "Reconnecting";
                default: return "status " + status.ToString();
            }
        }
    }
}
