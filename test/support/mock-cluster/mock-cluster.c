/*
 * librdkafka's mock cluster (a second broker nobody here wrote), with a control channel on stdin:
 *   errors <apiKey> <errorCode> <count>   the next <count> requests of that API fail with <errorCode>
 *   leader <topic> <partition> <brokerId>  moves a partition's leader
 * Each command is answered with "ok" on stdout. Prints the bootstrap address first; exits when stdin closes.
 *
 * build: gcc -O1 -o mock-cluster mock-cluster.c -lrdkafka  (test/support/mock-cluster.ts does it into .tmp/)
 * usage: mock-cluster <num_brokers> [topic:partitions ...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

int main(int argc, char **argv) {
  char errstr[512];
  int brokers = argc > 1 ? atoi(argv[1]) : 1;
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "0", errstr, sizeof errstr);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) {
    fprintf(stderr, "rd_kafka_new: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
  if (!mc) {
    fprintf(stderr, "mock cluster failed to start\n");
    return 1;
  }
  for (int i = 2; i < argc; i++) {
    char *sep = strrchr(argv[i], ':');
    if (!sep) continue;
    *sep = '\0';
    rd_kafka_mock_topic_create(mc, argv[i], atoi(sep + 1), 1);
  }
  printf("%s\n", rd_kafka_mock_cluster_bootstraps(mc));
  fflush(stdout);
  char line[512], name[256];
  int a, b, c;
  while (fgets(line, sizeof line, stdin) != NULL) {
    if (sscanf(line, "errors %d %d %d", &a, &b, &c) == 3) {
      rd_kafka_resp_err_t errs[64];
      if (c > 64) c = 64;
      for (int i = 0; i < c; i++) errs[i] = (rd_kafka_resp_err_t)b;
      rd_kafka_mock_push_request_errors_array(mc, (int16_t)a, (size_t)c, errs);
    } else if (sscanf(line, "leader %255s %d %d", name, &a, &b) == 3) {
      rd_kafka_mock_partition_set_leader(mc, name, a, b);
    }
    printf("ok\n");
    fflush(stdout);
  }
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
