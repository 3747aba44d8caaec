// Reference-only stub of the nanoFramework.System.Threading members the board code uses.
//
// Source of truth: github.com/nanoframework/System.Threading
//   commit 866134ed5ae3faad59a2e5339c33d56f77eebee4 (tag v1.1.52; the version named in the board
//   projects' packages.config; assembly System.Threading)
//   nanoFramework.System.Threading/Threading/CancellationTokenSource.cs   CancellationTokenSource(int millisecondsDelay), Token
//   nanoFramework.System.Threading/Threading/CancellationToken.cs         struct CancellationToken
//
// Thread, Timeout and the wait handles are in mscorlib, not here.

namespace System.Threading
{
    /// <summary>A token that signals cancellation (CancellationToken.cs).</summary>
    public struct CancellationToken
    {
        /// <summary>True once cancellation was requested.</summary>
        public bool IsCancellationRequested
        {
            get { throw null; }
        }
    }

    /// <summary>Source of a cancellation token (CancellationTokenSource.cs).</summary>
    public class CancellationTokenSource : IDisposable
    {
        /// <summary>A source that cancels itself after <paramref name="millisecondsDelay"/>.</summary>
        public CancellationTokenSource(int millisecondsDelay)
        {
        }

        /// <summary>The token.</summary>
        public CancellationToken Token
        {
            get { throw null; }
        }

        /// <summary>Releases the timer.</summary>
        public void Dispose()
        {
        }
    }
}
