/** The pipeline of one instance (Streams and sink together), its health and its start-up checks. */
package dev.kobjectingest.app;
