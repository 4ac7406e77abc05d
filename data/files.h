/* files.h: the one way jointner writes a file. A result is written whole
 * or not at all: through a temporary file beside it (PATH.tmp.<pid>) that is
 * fsync'ed and renamed over PATH, so a crash, a full disk or a failed run
 * leaves the old file (or none), never half of a new one. Text known at
 * once goes through write_file_atomically; a file written piece by piece
 * (a table, an import, predictions) through output_open and output_close,
 * which check every write and name the file and the line of the caller
 * that failed. Folders are made with make_directories. */
#ifndef JN_FILES_H
#define JN_FILES_H
#include <stddef.h>
#include <stdio.h>

/* mkdir -p path; dies naming the folder that cannot be made. */
void make_directories(const char *path);
/* mkdir -p of the folder that holds path. */
void make_parent_directories(const char *path);
/* dir/path (malloc'd), or path itself when it is absolute or dir is "". */
char *path_in_dir(const char *dir, const char *path);
/* The temporary name a whole-file write goes through: path.tmp.<pid>. */
char *temp_path(const char *path);
/* The file's contents (malloc'd), or NULL if it cannot be read. */
char *read_file_or_null(const char *path);
/* Dies when path exists and is not a regular file (a device such as
 * /dev/null, a folder, a symbolic link): an atomic write would replace it. */
void refuse_non_regular_file(const char *path);
/* Writes data through a temporary file, fsync, rename and fsync of the
 * folder. On any failure (a full disk) the temporary file is removed and
 * the old file is left as it was; dies with the reason. */
void write_bytes_atomically(const char *path, const void *data, size_t size);
/* write_bytes_atomically of text, unless the file already holds exactly it. */
void write_file_atomically(const char *path, const char *text);

/* A file written as a stream: output_open opens PATH.tmp.<pid> (dies,
 * naming the file and the caller's source line, if it cannot);
 * output_close checks that every write went through, fsyncs and renames it
 * to path (dies likewise, removing the temporary file). A run that dies in
 * between leaves no file at path. */
FILE *output_open_at(const char *path, const char *src_file, int src_line);
void output_close_at(FILE *f, const char *path, const char *src_file, int src_line);
#define output_open(path) output_open_at((path), __FILE__, __LINE__)
#define output_close(f, path) output_close_at((f), (path), __FILE__, __LINE__)

#endif
