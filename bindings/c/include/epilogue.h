
#ifdef __cplusplus
}  /* extern "C" */
#endif
#endif /* SQLITE3_H */
