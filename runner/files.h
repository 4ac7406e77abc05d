/* files.h: folder creation and whole-file writes that a crash cannot leave
 * half done. */
#ifndef JN_FILES_H
#define JN_FILES_H

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
/* Writes text through a temporary file, fsync and rename, unless the file
 * already holds exactly that text. */
void write_file_atomically(const char *path, const char *text);

#endif
