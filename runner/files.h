/* files.h: folder creation and whole-file writes that a crash cannot leave
 * half done. */
#ifndef JN_FILES_H
#define JN_FILES_H
#include <stddef.h>

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

#endif
