// Reference-only stub of the nanoFramework System.IO.Streams members NanoWs.Net uses: the base
// class of nanoFramework's SslStream (SslStream : NetworkStream : Stream).
//
// Source of truth: github.com/nanoframework/System.IO.Streams
//   commit ce5625d28e1fa6f0da71425fd1a468fe8c1fb4b6, System.IO.Streams/Stream.cs
//   (package nanoFramework.System.IO.Streams 1.1.96, the version nanoFramework.System.Net 1.11.54
//   depends on and src/NanoWs.Net/packages.config names)
//     public abstract class Stream : MarshalByRefObject, IDisposable
//     public abstract int Read(byte[] buffer, int offset, int count)
//     public abstract void Write(byte[] buffer, int offset, int count)
//     public virtual void Close()
//     void IDisposable.Dispose() is implemented by the public Dispose()
//
// Signatures and names are copied from that file; bodies are not (this assembly is only compiled
// against, never run). To use another member, look it up there first, then add it here.

namespace System.IO
{
    /// <summary>A sequence of bytes (Stream.cs), the members used.</summary>
    public abstract class Stream : MarshalByRefObject, IDisposable
    {
        /// <summary>Reads up to <paramref name="count"/> bytes; returns how many, 0 at the end of the stream.</summary>
        public abstract int Read(byte[] buffer, int offset, int count);

        /// <summary>Writes <paramref name="count"/> bytes.</summary>
        public abstract void Write(byte[] buffer, int offset, int count);

        /// <summary>Closes the stream and releases its resources (sockets for a network stream).</summary>
        public virtual void Close()
        {
        }

        /// <summary>Closes the stream, ignoring errors.</summary>
        public void Dispose()
        {
        }
    }
}
