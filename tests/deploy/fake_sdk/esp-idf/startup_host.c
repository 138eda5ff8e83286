/* The host's stand-in for ESP-IDF's startup: run app_main() once, as the main task does. */
void app_main(void);

int main(void) {
  app_main();
  return 0;
}
