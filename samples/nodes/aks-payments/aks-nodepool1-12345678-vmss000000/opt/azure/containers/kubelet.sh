#!/bin/bash
# Pods must not reach the wire server's TCP ports; the host still does (OUTPUT, not FORWARD).
for port in 80 32526; do
    iptables -C FORWARD -d 168.63.129.16 -p tcp --dport "$port" -j DROP 2>/dev/null ||
        iptables -I FORWARD -d 168.63.129.16 -p tcp --dport "$port" -j DROP
done
