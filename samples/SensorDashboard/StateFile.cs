using System;
using System.IO;
using NanoWs.Hub;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The simulator's saved state: the hub's writable channels (LED, fan) in a small JSON file, so
    /// a restarted simulator comes back as its users left it. The hub decides when a write is due
    /// (<see cref="ChannelHub.IsSaveDue"/>: after 5 s of stillness, so a slider drag is one write);
    /// this class only moves the bytes. A write goes to a new file first and then replaces the old
    /// one, so a crash mid-write leaves the previous state, never half a file.
    /// </summary>
    public sealed class StateFile
    {
        private readonly string _path;
        private readonly byte[] _buffer = new byte[1024];

        /// <summary>Keeps the state at <paramref name="path"/>.</summary>
        /// <param name="path">The file; its folder is created when missing.</param>
        public StateFile(string path)
        {
            _path = path ?? throw new ArgumentNullException(nameof(path));
        }

        /// <summary>The file.</summary>
        public string Path => _path;

        /// <summary>Writes done so far.</summary>
        public int Writes { get; private set; }

        /// <summary>What went wrong last (a damaged file, a full disk), or null.</summary>
        public string LastError { get; private set; }

        /// <summary>
        /// Applies the saved state, when there is one, through the hub's set handler. Returns the
        /// number of channels restored; a damaged file is reported in <see cref="LastError"/> and
        /// the device keeps its defaults.
        /// </summary>
        /// <param name="hub">The hub, its channels added and its set handler in place.</param>
        /// <param name="nowMs">The hub's clock.</param>
        /// <returns>Channels restored.</returns>
        public int Restore(ChannelHub hub, long nowMs)
        {
            string path = File.Exists(_path) ? _path : File.Exists(_path + ".new") ? _path + ".new" : null;
            if (path == null)
            {
                return 0;
            }

            try
            {
                byte[] saved = File.ReadAllBytes(path);
                int restored = hub.RestoreSaved(saved, 0, saved.Length, nowMs);
                if (restored < 0)
                {
                    LastError = "saved state in " + path + " is damaged; starting from the defaults";
                    return 0;
                }

                return restored;
            }
            catch (IOException e)
            {
                LastError = "cannot read the saved state: " + e.Message;
                return 0;
            }
        }

        /// <summary>Writes the state when the hub says a write is due (or always, with <paramref name="force"/>).</summary>
        /// <param name="hub">The hub.</param>
        /// <param name="nowMs">The hub's clock.</param>
        /// <param name="force">True on a clean stop: write whatever is there now.</param>
        /// <returns>True when the file was written.</returns>
        public bool SaveIfDue(ChannelHub hub, long nowMs, bool force = false)
        {
            if (!force && !hub.IsSaveDue(nowMs))
            {
                return false;
            }

            int n = hub.WriteSaved(_buffer);
            if (n < 0)
            {
                LastError = "saved state larger than " + _buffer.Length + " bytes; not written";
                return false;
            }

            try
            {
                string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_path));
                Directory.CreateDirectory(folder);
                byte[] bytes = new byte[n];
                Array.Copy(_buffer, bytes, n);
                File.WriteAllBytes(_path + ".new", bytes);
                File.Move(_path + ".new", _path, true);
                Writes++;
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                LastError = "cannot write the saved state: " + e.Message;
                return false;
            }
        }
    }
}
