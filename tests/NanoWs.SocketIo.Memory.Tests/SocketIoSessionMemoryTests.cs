using System;
using nanoFramework.TestFramework;
using NanoWs.SocketIo;
using NativeGC = nanoFramework.Runtime.Native.GC;

namespace NanoWs.SocketIo.Memory.Tests
{
    /// <summary>
    /// The managed heap one Socket.IO session slot takes on the genuine nanoCLR (run by
    /// tests/nanoclr.sh; nanoclr32 has a board's 32-bit object layout): free heap reported by
    /// <c>GC.Run(false)</c> around servers of 1 and 9 sessions with the default options, so what
    /// the server allocates once (namespace table, writer, message) cancels out. The figures are
    /// printed ("socketio_session_bytes N") and must stay within the bound derived from
    /// <see cref="SocketIoServer.EstimateSessionBytes"/> for the runtime's layout. This project
    /// runs only on nanoCLR: .NET measures its own figure (SocketIoFootprintTests).
    /// </summary>
    [TestClass]
    public class SocketIoSessionMemoryTests
    {
        private static readonly object[] Keep = new object[2];

        [TestMethod]
        public void A_session_takes_no_more_than_its_estimate_allows_on_this_runtime()
        {
            SocketIoOptions options = new SocketIoOptions();
            long perSession = PerSession(options, false);
            long perNamespace = PerSession(options, true) - perSession;
            bool board = IsBoardLayout();
            Console.WriteLine("socketio_layout " + (board ? "32-bit" : "64-bit"));
            Console.WriteLine("socketio_session_bytes " + perSession.ToString());
            Console.WriteLine("socketio_namespace_bytes " + perNamespace.ToString());

            // The two buffers are in every session; everything else is small tables and objects.
            Assert.IsTrue(perSession >= options.OutboxBytes + options.BinaryBytes, "a session holds at least its two buffers");

            // EstimateSessionBytes is the 64-bit .NET figure. A board's nanoCLR keeps each field
            // and each reference element in a 12-byte heap block: a session within 6/5 of it, a
            // namespace within 7/5 (measured: 2,688 B and 576 B against 2,368 B and 440 B). The
            // 64-bit nanoCLR's blocks are larger still: within 7/4 and 3 (3,696 B and 1,104 B).
            int estimate = SocketIoServer.EstimateSessionBytes(options, 1);
            int extra = SocketIoServer.EstimateSessionBytes(options, 2) - estimate;
            int sessionBound = board ? estimate * 6 / 5 : estimate * 7 / 4;
            int namespaceBound = board ? extra * 7 / 5 : extra * 3;
            Assert.IsTrue(perSession <= sessionBound, "session " + perSession.ToString() + " B over " + sessionBound.ToString() + " B");
            Assert.IsTrue(perNamespace > 0 && perNamespace <= namespaceBound, "namespace " + perNamespace.ToString() + " B over " + namespaceBound.ToString() + " B");
        }

        /// <summary>Bytes per session slot: servers of 9 and of 1 session, the difference over 8.</summary>
        private static long PerSession(SocketIoOptions options, bool secondNamespace)
        {
            long one = Footprint(options, 1, secondNamespace);
            long nine = Footprint(options, 9, secondNamespace);
            return (nine - one) / 8;
        }

        private static long Footprint(SocketIoOptions defaults, int sessions, bool secondNamespace)
        {
            SocketIoOptions o = new SocketIoOptions();
            o.OutboxBytes = defaults.OutboxBytes;
            o.BinaryBytes = defaults.BinaryBytes;
            o.MaxSessions = sessions;
            IRandomSource random = new SystemRandomSource();

            // A first server warms up what the runtime creates once (types, statics).
            Keep[0] = Create(o, random, secondNamespace);
            Keep[0] = null;
            uint before = NativeGC.Run(false);
            Keep[0] = Create(o, random, secondNamespace);
            uint after = NativeGC.Run(false);
            Keep[0] = null;
            return (long)before - after;
        }

        private static SocketIoServer Create(SocketIoOptions o, IRandomSource random, bool secondNamespace)
        {
            SocketIoServer io = new SocketIoServer(o, random);
            if (secondNamespace)
            {
                io.Of("/admin");
            }

            return io;
        }

        /// <summary>True on a 32-bit object layout (a board's): a reference array element takes 12 bytes there.</summary>
        private static bool IsBoardLayout()
        {
            uint before = NativeGC.Run(false);
            Keep[1] = new object[256];
            uint after = NativeGC.Run(false);
            Keep[1] = null;
            return (before - after) / 256 <= 12;
        }
    }
}
