/*
 * Starts librdkafka's mock Kafka cluster (a broker implementation written by librdkafka's authors, not by
 * this project), prints its bootstrap address on stdout, and runs until stdin closes. Used by the
 * differential conformance tests: the same kafkajs scenarios run against it and against the embedded broker.
 *
 * build: gcc -O1 -o mock-cluster mock-cluster.c -lrdkafka
 * usage: mock-cluster [num_brokers] [topic:partitions ...]
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
  if (rd_kafka_conf_set(conf, "log_level", "0", errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "%s\n", errstr);
    return 1;
  }
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
  char buf[256];
  while (fgets(buf, sizeof buf, stdin) != NULL) {
  }
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
