using System;
using System.IO;
using NanoWs.Hub;

namespace NanoWs.Samples.SensorDashboard
{
    /// <summary>
    /// The dashboard's saved state: the hub's writable channels (LED, fan) in a small JSON file, so a
    /// restarted device comes back as its users left it. One source for both runtimes: the
    /// simulator (.NET's <c>System.IO.File</c>) and a board whose firmware has a file system
    /// (nanoFramework's <c>System.IO.File</c>, package nanoFramework.System.IO.FileSystem; on ESP32
    /// the internal flash's LittleFS partition, drive <c>I:</c>). It uses only what both have:
    /// <c>Exists</c>, <c>ReadAllBytes</c>, <c>WriteAllBytes</c>, <c>Delete</c>, <c>Move</c>.
    /// </summary>
    /// <remarks>
    /// <para>The hub decides when a write is due (<see cref="ChannelHub.IsSaveDue"/>): once the
    /// writable channels have been still for <see cref="HubOptions.SaveDelayMs"/> (5 s), at the
    /// latest ten delays after the first unsaved change. Two writes are therefore at least one delay
    /// apart, and a slider dragged without pause is written once every ten delays (50 s), not once
    /// per value; this class only moves the bytes.</para>
    /// <para>A write goes to <c>PATH.new</c> first; then the old file is deleted and the new one
    /// renamed (nanoFramework's <c>File.Move</c> refuses an existing destination, so there is no
    /// atomic replace). A power cut while the new file is written leaves the old one whole; a cut
    /// between the delete and the rename leaves only the new file, complete, which
    /// <see cref="Restore"/> reads and the next write renames first. A file that is not one whole
    /// JSON object is refused and no channel is set.</para>
    /// <para>Nothing here throws on a storage failure (no drive, a full partition): it is reported
    /// in <see cref="LastError"/> and the device runs on. Byte budget: a 1,024-byte buffer, the
    /// two paths; each write allocates the file's bytes (a few dozen) once per delay at most.</para>
    /// </remarks>
    public sealed class StateFile
    {
        private readonly string _path;
        private readonly string _newPath;
        private readonly byte[] _buffer = new byte[1024];

        /// <summary>Keeps the state at <paramref name="path"/>; its folder must exist (a drive's root on a board).</summary>
        /// <param name="path">The file, e.g. <c>I:\dashboard-state.json</c> on an ESP32.</param>
        public StateFile(string path)
        {
            if (path == null || path.Length == 0)
            {
                throw new ArgumentNullException("path");
            }

            _path = path;
            _newPath = path + ".new";
        }

        /// <summary>The file.</summary>
        public string Path
        {
            get { return _path; }
        }

        /// <summary>Writes done so far.</summary>
        public int Writes { get; private set; }

        /// <summary>What went wrong last (a damaged file, a full or missing drive), or null.</summary>
        public string LastError { get; private set; }

        /// <summary>
        /// One line saying what <see cref="Restore"/> found: how many channels it restored and from
        /// where, that there was no saved state, or why the saved state was not used.
        /// </summary>
        public string RestoreReport { get; private set; }

        /// <summary>
        /// Applies the saved state, when there is one, through the hub's set handler. Returns the
        /// number of channels restored: 0 when there is no saved state, and when it is damaged or
        /// cannot be read (reported in <see cref="LastError"/>; the device keeps its defaults).
        /// <see cref="RestoreReport"/> says which.
        /// </summary>
        /// <param name="hub">The hub, its channels added and its set handler in place.</param>
        /// <param name="nowMs">The hub's clock.</param>
        /// <returns>Channels restored.</returns>
        public int Restore(ChannelHub hub, long nowMs)
        {
            // The last write may have stopped between deleting the old file and renaming the new one.
            string path = File.Exists(_path) ? _path : File.Exists(_newPath) ? _newPath : null;
            if (path == null)
            {
                RestoreReport = "no saved state in " + _path + "; starting from the defaults";
                return 0;
            }

            byte[] saved;
            try
            {
                saved = File.ReadAllBytes(path);
            }
            catch (Exception e)
            {
                return Refuse("cannot read the saved state in " + path + " (" + e.Message + "); starting from the defaults");
            }

            int restored = hub.RestoreSaved(saved, 0, saved.Length, nowMs);
            if (restored < 0)
            {
                return Refuse("saved state in " + path + " is damaged; starting from the defaults");
            }

            RestoreReport = "saved state: " + restored.ToString() + " channel(s) restored from " + path;
            return restored;
        }

        /// <summary>Writes the state when the hub says a write is due.</summary>
        /// <param name="hub">The hub.</param>
        /// <param name="nowMs">The hub's clock.</param>
        /// <returns>True when the file was written.</returns>
        public bool SaveIfDue(ChannelHub hub, long nowMs)
        {
            return hub.IsSaveDue(nowMs) && Save(hub);
        }

        /// <summary>Writes whatever the writable channels hold now (a clean stop).</summary>
        /// <param name="hub">The hub.</param>
        /// <returns>True when the file was written.</returns>
        public bool SaveNow(ChannelHub hub)
        {
            return Save(hub);
        }

        private bool Save(ChannelHub hub)
        {
            int n = hub.WriteSaved(_buffer);
            if (n < 0)
            {
                LastError = "saved state larger than " + _buffer.Length.ToString() + " bytes; not written";
                return false;
            }

            byte[] bytes = new byte[n];
            Array.Copy(_buffer, bytes, n);
            try
            {
                if (!File.Exists(_path) && File.Exists(_newPath))
                {
                    // The last write stopped before its rename: its file is the saved state; keep
                    // it until the next one is whole.
                    File.Move(_newPath, _path);
                }

                File.WriteAllBytes(_newPath, bytes);

                // No replacing move on nanoFramework: delete, then rename. In between, Restore
                // reads the new file.
                File.Delete(_path);
                File.Move(_newPath, _path);
                Writes++;
                return true;
            }
            catch (Exception e)
            {
                LastError = "cannot write the saved state to " + _path + ": " + e.Message;
                return false;
            }
        }

        private int Refuse(string message)
        {
            LastError = message;
            RestoreReport = message;
            return 0;
        }
    }
}
